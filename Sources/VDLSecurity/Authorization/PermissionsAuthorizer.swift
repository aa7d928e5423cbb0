import VDLWire

/// Authorizes by the method's tag: the method must carry exactly one tag of the tag type
/// (`access.Tag` by default) and one of the caller's valid blessing names must be allowed by
/// that tag's access list. A call from the server's own principal is always allowed.
///
/// ```swift
/// let authorizer = PermissionsAuthorizer(["Read": AccessList(in: ["..."]),
///                                         "Write": AccessList(in: ["root:ops"], notIn: ["root:ops:intern"])])
/// ```
public struct PermissionsAuthorizer: Authorizer {
    public let permissions: Access.Permissions
    /// The VDL type name of the tags that select an access list.
    public let tagType: String

    public init(_ permissions: Access.Permissions, tagType: String = Access.Tag.vdlTypeName) {
        self.permissions = permissions
        self.tagType = tagType
    }

    public func authorize(_ call: SecurityCall) throws {
        if let local = call.localBlessings.publicKey, local == call.remoteBlessings.publicKey { return }
        let tags = call.methodTags.filter { $0.typeName == tagType }
        guard tags.count == 1, let tag = try? tags[0].decode(as: Access.Tag.self) else {
            throw SecurityError.noAccess("\(call.method) carries \(tags.count) tags of type \(tagType); the permissions authorizer needs exactly one")
        }
        let names = call.remoteBlessingNames()
        guard let list = permissions[tag.rawValue] else {
            throw SecurityError.noAccess("\(call.method) needs \(tag.rawValue) access, which the permissions give no one (caller \(names))")
        }
        guard list.includes(names.valid) else {
            throw SecurityError.noAccess("caller \(names) does not have \(tag.rawValue) access to \(call.method)")
        }
    }
}
