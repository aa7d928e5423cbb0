import Testing
import VDLRPC
import VDLWire

@Test func generatedPackagesExist() {
    #expect(Fortune.Fortune.descriptor.fullName == "examples/fortune.Fortune")
}
