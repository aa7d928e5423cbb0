import Testing
import VDLRPC
import VDLWire

/// Every generated type encodes and decodes back to an equal value.
struct RoundTripTests {
    func roundTrip<M: VDLMessage>(_ value: M) throws -> M {
        try M(serializedBytes: value.serializedBytes())
    }

    @Test func everyFieldKindRoundTrips() throws {
        let value = try sampleEverything()
        let decoded = try roundTrip(value)
        #expect(decoded == value)
        #expect(decoded.lookup[Features.Point()] == "origin")
        #expect(try decoded.any.decode(as: String.self) == "in any")
    }

    @Test func zeroValuesEncodeToNothing() throws {
        #expect(try Features.Everything().serializedBytes().isEmpty)
        #expect(try Features.Point().serializedBytes().isEmpty)
        #expect(try Features.Tree().serializedBytes().isEmpty)
    }

    @Test func zeroValueDefaultsAreTheVDLZeroValues() {
        let zero = Features.Everything()
        #expect(zero.hash == [0, 0, 0, 0])
        #expect(zero.grid == [[0, 0, 0], [0, 0, 0]])
        #expect(zero.color == .red)
        #expect(zero.shape == .circle(0))
        #expect(zero.maybePoint == nil)
        #expect(zero.err == nil)
        #expect(zero.any == VDLAny())
    }

    @Test(arguments: [
        Features.Shape.circle(2.5), .square(Features.Point(x: 1, y: 1)), .label(""), .points([]),
        .nested(Features.Tree(value: 1, left: Features.Tree(value: 2))), .nested(nil), .circle(0),
    ])
    func everyUnionArmRoundTrips(shape: Features.Shape) throws {
        #expect(try roundTrip(shape) == shape)
        var everything = Features.Everything()
        everything.shape = shape
        #expect(try roundTrip(everything).shape == shape)
    }

    @Test func recursiveTypesRoundTrip() throws {
        var tree = Features.Tree(value: 1)
        tree.left = Features.Tree(value: 2, right: Features.Tree(value: 3))
        tree.children = [Features.Tree(value: 4, children: [Features.Tree(value: 5)])]
        let decoded = try roundTrip(tree)
        #expect(decoded == tree)
        #expect(decoded.left?.right?.value == 3)
    }

    @Test func optionalZeroStructIsPresentNotNil() throws {
        var everything = Features.Everything()
        everything.maybePoint = Features.Point()
        let bytes = try everything.serializedBytes()
        #expect(!bytes.isEmpty)
        #expect(try roundTrip(everything).maybePoint == Features.Point())
    }

    @Test func pinnedAndReservedNumbersAreUsed() throws {
        // Versioned: A = 1, reserved 2 and 3, B pinned to 5, C follows at 6.
        let bytes = try Features.Versioned(a: "a", b: "b", c: "c").serializedBytes()
        #expect(bytes == [0x0A, 1, 0x61, 0x2A, 1, 0x62, 0x32, 1, 0x63])
        // Everything.pinned is field 100: tag (100 << 3 | 2) = 802 = 0xA2 0x06.
        let pinned = try Features.Everything(pinned: "p").serializedBytes()
        #expect(pinned == [0xA2, 0x06, 1, 0x70])
    }

    @Test func fixedSizeArraysRejectWrongLengths() throws {
        var everything = Features.Everything()
        everything.hash = [1, 2, 3]
        #expect(throws: WireError.self) { try everything.serializedBytes() }
        everything.hash = [1, 2, 3, 4]
        everything.grid = [[1, 2, 3]]
        #expect(throws: WireError.self) { try everything.serializedBytes() }
        everything.grid = [[1, 2], [3, 4]]
        #expect(throws: WireError.self) { try everything.serializedBytes() }
    }

    @Test func decodingAShortByteArrayFails() throws {
        // Field 14 (hash) with 3 bytes instead of 4.
        let bytes: [UInt8] = [0x72, 3, 1, 2, 3]
        #expect(throws: WireError.self) { try Features.Everything(serializedBytes: bytes) }
    }

    @Test func equalValuesEncodeIdentically() throws {
        var a = Features.Everything()
        var b = Features.Everything()
        for i in 0..<50 { a.map["k\(i)"] = Int64(i) }
        for i in (0..<50).reversed() { b.map["k\(i)"] = Int64(i) }
        a.set = Set((0..<20).map { "s\($0)" })
        b.set = Set((0..<20).reversed().map { "s\($0)" })
        #expect(try a.serializedBytes() == b.serializedBytes())
    }
}
