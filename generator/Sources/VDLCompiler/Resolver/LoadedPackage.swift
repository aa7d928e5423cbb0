/// The parsed files of one IDL package directory.
public struct LoadedPackage: Sendable {
    /// The directory relative to the IDL root (`examples/fortune`): the package's identity.
    public let path: String
    /// The name from the `package` clause (`fortune`).
    public let name: String
    public let files: [FileSyntax]
}
