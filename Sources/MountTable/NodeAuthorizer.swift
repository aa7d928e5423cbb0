import VDLSecurity

/// Authorizes a call to the mount table by the permissions of the node it addresses (see
/// ``MountTableService/effectivePermissions(_:)``), with the method's access tag.
struct NodeAuthorizer: Authorizer {
    let table: MountTableService

    func authorize(_ call: SecurityCall) throws {
        let (permissions, _) = table.effectivePermissions(call.suffix)
        try PermissionsAuthorizer(permissions).authorize(call)
    }
}
