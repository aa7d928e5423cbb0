import Testing
import VDLRPC
import VDLWire

struct GeneratedErrorTests {
    @Test func messageFillsInParameters() {
        let error = Features.NotFound(name: "key", code: 7)
        #expect(error.message == "key not found (code 7)")
        #expect(Features.NotFound.id == "testing/features.NotFound")
        #expect(Features.NotFound.retryAction == .noRetry)
        #expect(Features.NotFound.templates["fr"] == "{name} introuvable")
    }

    @Test func wireFormRoundTrips() throws {
        let original = Features.Conflict(point: Features.Point(x: 1, y: 2))
        let wire = try VDLError(serializedBytes: original.vdlError.serializedBytes())
        #expect(wire.id == "testing/features.Conflict")
        #expect(wire.retryAction == .retryRefetch)
        let decoded = try #require(Features.Conflict(wire))
        #expect(decoded.point == Features.Point(x: 1, y: 2))
    }

    @Test func otherErrorsDoNotDecode() {
        #expect(Features.NotFound(Features.Busy().vdlError) == nil)
        #expect(Features.Busy(Features.Busy().vdlError) != nil)
        var wrongParameters = Features.NotFound(name: "a", code: 1).vdlError
        wrongParameters.parameters.removeLast()
        #expect(Features.NotFound(wrongParameters) == nil)
    }
}
