import Foundation
import SwiftProtobuf
import VDLWire

// The codec benchmark: bench.Order (strings, integers, a nested struct, 20 nested structs in a
// list, a map of 10 entries, bytes), encoded and decoded in process by the code vdlc generated
// (VDLWire) and by the code protoc-gen-swift generated (swift-protobuf) from the same schema.

enum SampleOrder {
    static let signature = (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }

    static func vdl() -> Bench.Order {
        var items: [Bench.Item] = []
        for i in 0..<20 {
            let sku: String = "SKU-\(100_000 + i * 17)"
            let name: String = "Widget model \(i) (blue)"
            let quantity = Int32(i % 5 + 1)
            let price = Int64(1_999 + i * 250)
            let weight: Double = 0.25 * Double(i + 1)
            items.append(Bench.Item(sku: sku, name: name, quantity: quantity, priceCents: price, weight: weight))
        }
        var counters: [String: Int64] = [:]
        for i in 0..<10 { counters["counter-\(i)"] = Int64(i * 1_000 + 7) }
        let shipping = Bench.Address(street: "1234 Long Street Name, Apt 56", city: "Springfield", zip: "97477", country: "US")
        var order = Bench.Order()
        order.id = 9_876_543_210
        order.customer = "Jane Q. Customer"
        order.email = "jane.customer@example.com"
        order.createdAt = 1_763_740_800_123
        order.priority = 3
        order.paid = true
        order.shipping = shipping
        order.items = items
        order.counters = counters
        order.signature = signature
        order.note = "Leave the parcel at the back door if nobody answers. Thank you!"
        return order
    }

    static func proto() -> Bench_Order {
        let order = vdl()
        var message = Bench_Order()
        message.id = order.id
        message.customer = order.customer
        message.email = order.email
        message.createdAt = order.createdAt
        message.priority = order.priority
        message.paid = order.paid
        message.shipping = Bench_Address.with {
            $0.street = order.shipping.street
            $0.city = order.shipping.city
            $0.zip = order.shipping.zip
            $0.country = order.shipping.country
        }
        message.items = order.items.map { item in
            Bench_Item.with {
                $0.sku = item.sku
                $0.name = item.name
                $0.quantity = item.quantity
                $0.priceCents = item.priceCents
                $0.weight = item.weight
            }
        }
        message.counters = order.counters
        message.signature = Data(order.signature)
        message.note = order.note
        return message
    }
}

struct CodecCase {
    let name: String
    let system: String
    let operation: String
    /// Runs the operation `iterations` times; returns a checksum so that nothing is optimized away.
    let run: (Int) throws -> Int
}

struct CodecFacts {
    var vdlBytes = 0
    var protoBytes = 0
    var protoDeterministicBytes = 0
    var identicalToDeterministic = false
    var crossDecodes = false
}

func codecCases() throws -> (cases: [CodecCase], facts: CodecFacts) {
    let order = SampleOrder.vdl()
    let message = SampleOrder.proto()
    let vdlBytes = try order.serializedBytes()
    let protoBytes: [UInt8] = try message.serializedBytes()
    var deterministic = BinaryEncodingOptions()
    deterministic.useDeterministicOrdering = true
    let protoDeterministic: [UInt8] = try message.serializedBytes(options: deterministic)

    // The two are the same schema: each must decode the other's bytes to an equal value.
    var facts = CodecFacts(vdlBytes: vdlBytes.count, protoBytes: protoBytes.count, protoDeterministicBytes: protoDeterministic.count)
    facts.identicalToDeterministic = vdlBytes == protoDeterministic
    let vdlFromProto = try Bench.Order(serializedBytes: protoBytes)
    let protoFromVDL = try Bench_Order(serializedBytes: vdlBytes)
    facts.crossDecodes = vdlFromProto == order && protoFromVDL == message
    guard facts.crossDecodes else { throw BenchError("bench.Order: VDLWire and swift-protobuf do not decode each other's bytes to equal values") }

    let cases = [
        CodecCase(name: "encode", system: "VDLWire", operation: "encode") { n in
            var sum = 0
            for _ in 0..<n { sum &+= try order.serializedBytes().count }
            return sum
        },
        CodecCase(name: "encode", system: "swift-protobuf", operation: "encode") { n in
            var sum = 0
            for _ in 0..<n {
                let bytes: [UInt8] = try message.serializedBytes()
                sum &+= bytes.count
            }
            return sum
        },
        CodecCase(name: "encode (deterministic)", system: "swift-protobuf", operation: "encode-deterministic") { n in
            var sum = 0
            for _ in 0..<n {
                let bytes: [UInt8] = try message.serializedBytes(options: deterministic)
                sum &+= bytes.count
            }
            return sum
        },
        CodecCase(name: "decode", system: "VDLWire", operation: "decode") { n in
            var sum = 0
            for _ in 0..<n {
                let decoded = try Bench.Order(serializedBytes: vdlBytes)
                sum &+= decoded.items.count &+ decoded.counters.count
            }
            return sum
        },
        CodecCase(name: "decode", system: "swift-protobuf", operation: "decode") { n in
            var sum = 0
            for _ in 0..<n {
                let decoded = try Bench_Order(serializedBytes: protoBytes)
                sum &+= decoded.items.count &+ decoded.counters.count
            }
            return sum
        },
    ]
    return (cases, facts)
}

/// Times one case: batches of iterations until `seconds` have passed; ns per operation.
func timeCodec(_ codecCase: CodecCase, seconds: Double) throws -> Double {
    var iterations = 0
    var batch = 64
    let start = nowNanos()
    let end = start + UInt64(seconds * 1e9)
    var now = start
    while now < end {
        blackHole(try codecCase.run(batch))
        iterations += batch
        now = nowNanos()
        if batch < 4096 { batch *= 2 }
    }
    return Double(now - start) / Double(iterations)
}
