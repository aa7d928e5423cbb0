import Testing
import VDLWire

@Suite struct CanonicalFormTests {
    @Test func mapsBuiltInDifferentOrdersEncodeIdentically() throws {
        let keys = (0..<200).map { "key\($0 * 7919 % 1000)" }
        var forward: [String: Int64] = [:]
        for (i, k) in keys.enumerated() { forward[k] = Int64(i) - 100 }
        var backward: [String: Int64] = [:]
        backward.reserveCapacity(1000)   // different capacity: different iteration order
        for (i, k) in keys.enumerated().reversed() { backward[k] = Int64(i) - 100 }
        #expect(forward == backward)

        var a = EveryKind()
        a.scores = forward
        var b = EveryKind()
        b.scores = backward
        let bytesA = try a.serializedBytes()
        let bytesB = try b.serializedBytes()
        #expect(bytesA == bytesB)
        #expect(try EveryKind(serializedBytes: bytesA) == a)
    }

    @Test func mapEntriesAreSortedByEncodedKey() throws {
        let map: [UInt32: Point] = [300: Point(x: 1, y: 0), 1: Point(), 0: Point(x: 0, y: 1), 128: Point(x: 2, y: 2)]
        let bytes = try encodeField { try $0.writeMap(map, field: 1, key: VarintCodec<UInt32>.self, value: MessageCodec<Point>.self) }
        // Entry key fields: 0 -> (omitted), 1 -> 08 01, 128 -> 08 80 01, 300 -> 08 AC 02.
        let expected = hex("0A 04 12 02 10 02")                // {key 0, value {y: 1}}
            + hex("0A 02 08 01")                              // {key 1, value zero (omitted)}
            + hex("0A 09 08 80 01 12 04 08 04 10 04")         // {key 128, value {x: 2, y: 2}}
            + hex("0A 07 08 AC 02 12 02 08 02")               // {key 300, value {x: 1}}
        #expect(bytes == expected)
    }

    @Test func setsBuiltInDifferentOrdersEncodeIdentically() throws {
        let elements = (0..<300).map { "s\($0 * 31 % 300)" }
        let a = Set(elements)
        var b = Set<String>(minimumCapacity: 2000)
        for e in elements.reversed() { b.insert(e) }
        let bytesA = try encodeField { try $0.writeSet(a, field: 3, as: StringCodec.self) }
        let bytesB = try encodeField { try $0.writeSet(b, field: 3, as: StringCodec.self) }
        #expect(bytesA == bytesB)

        let ints = Set((0..<500).map { Int32($0 * 7 - 1000) })
        var ints2 = Set<Int32>(minimumCapacity: 4000)
        for i in ints.sorted(by: >) { ints2.insert(i) }
        let packedA = try encodeField { try $0.writeSet(ints, field: 1, as: ZigZagCodec<Int32>.self) }
        let packedB = try encodeField { try $0.writeSet(ints2, field: 1, as: ZigZagCodec<Int32>.self) }
        #expect(packedA == packedB)
        let decoded = try withReader(packedA) { r -> Set<Int32> in
            var s = Set<Int32>()
            while let tag = try r.nextField() { try r.readSet(tag, as: ZigZagCodec<Int32>.self, into: &s) }
            return s
        }
        #expect(decoded == ints)
    }

    @Test func setElementsAreSortedByEncodedBytes() throws {
        // zigzag: 1 -> 02, -1 -> 01, 64 -> 80 01, 0 -> 00; packed in byte order 00, 01, 02, 80 01.
        let bytes = try encodeField { try $0.writeSet([Int32(64), 1, -1, 0], field: 1, as: ZigZagCodec<Int32>.self) }
        #expect(bytes == hex("0A 05 00 01 02 80 01"))
        // Strings (unpacked): ordered by length prefix then bytes.
        let strings = try encodeField { try $0.writeSet(["bb", "a", "c", ""], field: 2, as: StringCodec.self) }
        #expect(strings == hex("12 00 12 01 61 12 01 63 12 02 62 62"))
    }

    @Test func nestedContainersAreCanonical() throws {
        var a = EveryKind()
        var b = EveryKind()
        for i in 0..<50 {
            a.listOfMaps.append(Dictionary(uniqueKeysWithValues: (0..<i).map { ("k\($0)", Int32($0)) }))
            b.listOfMaps.append(Dictionary(uniqueKeysWithValues: (0..<i).reversed().map { ("k\($0)", Int32($0)) }))
            a.setOfSets.insert(Set((0..<i).map { Int32($0) }))
            b.setOfSets.insert(Set((0..<i).reversed().map { Int32($0) }))
            a.mapOfLists["m\(i)"] = [Int32(i)]
        }
        for (k, v) in a.mapOfLists.sorted(by: { $0.key > $1.key }) { b.mapOfLists[k] = v }
        #expect(a == b)
        #expect(try a.serializedBytes() == b.serializedBytes())
    }

    @Test func sameValueSameBytesAcrossRuns() throws {
        let value = try EveryKind.sample()
        let first = try value.serializedBytes()
        for _ in 0..<20 {
            // Copies of the value rebuilt through decoding iterate their hash tables differently.
            let copy = try EveryKind(serializedBytes: first)
            #expect(try copy.serializedBytes() == first)
        }
    }
}
