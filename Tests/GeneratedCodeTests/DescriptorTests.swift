import Testing
import VDLRPC
import VDLWire

struct DescriptorTests {
    @Test func serviceDescriptorListsOwnThenEmbeddedMethods() {
        let descriptor = Features.Store.descriptor
        #expect(descriptor.fullName == "testing/features.Store")
        #expect(descriptor.embeds == ["testing/features.Base"])
        #expect(descriptor.methods.map(\.name) == ["Put", "Lookup", "Upload", "Watch", "Chat", "Ping"])
        // An embedded method keeps the declaring interface's wire name.
        #expect(descriptor.method(named: "testing/features.Base/Ping") != nil)
        #expect(descriptor.doc == "Store exercises every method shape.")
    }

    @Test func methodDescriptorsCarryKindArgumentsAndTags() throws {
        let upload = Features.Store.Method.Upload.descriptor
        #expect(upload.kind == .clientStreaming)
        #expect(upload.inStream == "testing/features.Point")
        #expect(upload.outArgs == [ArgumentDescriptor(name: "count", type: "int32", number: 1)])
        #expect(Features.Store.Method.Watch.descriptor.kind == .serverStreaming)
        #expect(Features.Store.Method.Put.descriptor.kind == .unary)
        let chat = Features.Store.Method.Chat.descriptor
        #expect(chat.kind == .bidirectional)
        #expect(chat.tags(of: Access.Tag.self) == [Access.write])
        #expect(chat.tags.count == 2)
        #expect(try chat.tags[1].decode(as: String.self) == "chat")
        #expect(Fortune.Fortune.Method.Get.descriptor.tags(of: Access.Tag.self) == [Access.read])
        #expect(Fortune.Fortune.Method.Add.descriptor.doc == "Add stores a fortune.")
    }
}
