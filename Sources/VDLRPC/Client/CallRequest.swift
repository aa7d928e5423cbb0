/// What a transport needs to start a call: the method, the object it addresses and the options.
public struct CallRequest: Sendable {
    public let method: MethodDescriptor
    /// The object name (suffix) on the server; empty for the server's default object.
    public let object: String
    public let options: CallOptions

    public init(method: MethodDescriptor, object: String, options: CallOptions) {
        self.method = method
        self.object = object
        self.options = options
    }
}
