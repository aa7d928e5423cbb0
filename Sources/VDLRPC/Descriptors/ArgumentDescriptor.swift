/// One named argument or result of a method, for reflection (`__Signature`, `vrpc`).
public struct ArgumentDescriptor: Sendable, Hashable {
    /// The name as written in the IDL (`fortune`).
    public let name: String
    /// The type in VDL syntax (`string`, `[]examples/fortune.Point`).
    public let type: String
    /// The proto field number the argument is carried in.
    public let number: Int

    public init(name: String, type: String, number: Int) {
        self.name = name
        self.type = type
        self.number = number
    }
}
