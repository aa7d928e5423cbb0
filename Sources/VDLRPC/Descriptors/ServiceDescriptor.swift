/// An interface as the runtime sees it: its name, documentation, and every method it serves,
/// including those of the interfaces it embeds.
public struct ServiceDescriptor: Sendable, Hashable, CustomStringConvertible {
    /// `<package path>.<Interface>`, e.g. `examples/fortune.Fortune`.
    public let fullName: String
    public let doc: String
    /// Full names of the directly embedded interfaces.
    public let embeds: [String]
    /// Own methods first, then embedded ones, each once.
    public let methods: [MethodDescriptor]
    /// Every named type the methods use, transitively, sorted by name: what a client without
    /// generated code needs to encode the arguments and decode the results (`vrpc call`).
    public let types: [TypeDescriptor]

    public init(fullName: String, doc: String = "", embeds: [String] = [], methods: [MethodDescriptor], types: [TypeDescriptor] = []) {
        self.fullName = fullName
        self.doc = doc
        self.embeds = embeds
        self.methods = methods
        self.types = types
    }

    /// The definition of the named type `name` (`testing/features.Point`), if the service uses it.
    public func type(named name: String) -> TypeDescriptor? {
        types.first { $0.name == name }
    }

    /// The method with this full name, if the service has it.
    public func method(named fullName: String) -> MethodDescriptor? {
        methods.first { $0.fullName == fullName }
    }

    public var description: String { fullName }
}
