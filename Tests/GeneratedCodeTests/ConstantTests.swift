import Testing
import VDLRPC
import VDLWire

/// Generated constants carry the values the checker computed.
struct ConstantTests {
    @Test func numericConstants() {
        #expect(Features.big == 16)
        #expect(Features.typed == Int32(32))
        #expect(Features.pi == 3.14159)
        #expect(Features.halfPi == 3.14159 / 2)
        #expect(Features.third == Float(1.0 / 3))
        #expect(Features.mask == 0xFF00)
        #expect(Features.shifted == 128)
        #expect(Features.truth)
    }

    @Test func compositeConstants() throws {
        #expect(Features.greeting == "hello, world")
        #expect(Features.defaultColor == .green)
        #expect(Features.origin == Features.Point(x: 1, y: -2))
        #expect(Features.corners == [Features.Point(x: 1, y: 2), Features.Point(x: 3, y: 0)])
        #expect(Features.names == ["a", "b"])
        #expect(Features.scores == ["x": 1, "y": 16])
        #expect(Features.someShape == .label("tag"))
        #expect(Features.maybeOrigin == Features.Point(x: 1, y: -2))
        #expect(Features.noPoint == nil)
        #expect(Features.intType == VDLTypeObject(rawValue: "[]int32"))
        #expect(try Features.anyValue.decode(as: String.self) == "hello, world")
        #expect(Features.namedGreeting == Features.Name(rawValue: "hello, world"))
        #expect(Features.hashValue == [1, 2, 3, 4])
        #expect(Features.adminTag == Access.admin)
        #expect(Access.admin.rawValue == "Admin")
    }
}
