import Testing
import VDLWire

/// ProtoWriter shares its buffer between copies until one of them writes; these tests check that
/// copies still behave as independent values.
@Suite struct WriterValueSemanticsTests {
    @Test func copiesDoNotSeeEachOthersWrites() {
        var a = ProtoWriter(reservingCapacity: 8)
        a.writeVarint(1)
        var b = a
        b.writeVarint(2)
        a.writeVarint(3)
        b.writeVarint(4)
        #expect(a.bytes == [1, 3])
        #expect(b.bytes == [1, 2, 4])
        // The one that did not write since the copy keeps its bytes too.
        let c = a
        a.writeRawBytes([9, 9, 9])
        #expect(c.bytes == [1, 3])
        #expect(a.bytes == [1, 3, 9, 9, 9])
    }

    @Test func copyMadeInsideALengthDelimitedBodyIsNotPatched() {
        var outer = ProtoWriter()
        var snapshot: ProtoWriter?
        outer.writeLengthDelimited { w in
            w.writeVarint(5)
            snapshot = w          // holds the placeholder length byte 0
        }
        #expect(outer.bytes == [1, 5])
        #expect(snapshot?.bytes == [0, 5])

        // The same with a long body, where the length is patched and the body shifted.
        var long = ProtoWriter()
        var longSnapshot: ProtoWriter?
        long.writeLengthDelimited { w in
            w.writeRawBytes([UInt8](repeating: 7, count: 200))
            longSnapshot = w
        }
        #expect(long.bytes == [0xC8, 0x01] + [UInt8](repeating: 7, count: 200))
        #expect(longSnapshot?.bytes == [0] + [UInt8](repeating: 7, count: 200))
    }

    @Test func copyTakenBeforeGrowthKeepsItsBytes() {
        var a = ProtoWriter(reservingCapacity: 1)
        a.writeVarint(300)
        let before = a
        for i in 0..<10_000 { a.writeVarint(UInt64(i)) }   // grows many times
        #expect(before.bytes == [0xAC, 0x02])
        #expect(a.count > 10_000)
        var fromBefore = before
        fromBefore.writeFixed32(1)
        #expect(fromBefore.bytes == [0xAC, 0x02, 1, 0, 0, 0])
        #expect(Array(a.bytes.prefix(3)) == [0xAC, 0x02, 0])
    }

    @Test func withUnsafeBytesSeesTheOutput() {
        var w = ProtoWriter()
        w.writeFixed64(0x0102030405060708)
        let copied = w.withUnsafeBytes { Array($0) }
        #expect(copied == [8, 7, 6, 5, 4, 3, 2, 1])
    }
}
