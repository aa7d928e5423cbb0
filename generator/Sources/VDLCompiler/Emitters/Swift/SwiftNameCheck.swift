/// Finds IDL names that would make the generated Swift ambiguous or invalid, before emitting.
public enum SwiftNameCheck {
    /// Swift and runtime types the generated code names unqualified.
    static let reservedTypeNames: Set<String> = [
        "Type", "Protocol", "Self", "Any", "Bool", "UInt8", "Int8", "Int16", "Int32", "Int64", "UInt16", "UInt32", "UInt64", "Float", "Double",
        "String", "Set", "Array", "Dictionary", "Optional", "Error", "Never", "Sendable", "Hashable",
        "ProtoWriter", "ProtoReader", "ProtoCodec", "WireError", "RetryAction", "VDLAny", "VDLError",
        "VDLTypeObject", "VDLBox", "VDLMessage", "VDLEnum", "VDLNewtype", "VDLErrorConvertible",
        "CallOptions", "ClientTransport", "ClientStream", "ServerStream", "ServerCallContext",
        "ServiceDescriptor", "MethodDescriptor", "ArgumentDescriptor", "ServiceRegistration", "MethodHandler",
        "NoStreamValue", "NoStreamCodec", "StreamItem",
    ]
    /// Names generated inside every interface namespace.
    static let interfaceMemberNames: Set<String> = ["Client", "Service", "Method", "Request", "Response"]

    public static func check(_ packages: [IRPackage], module: IRModule, diagnostics: DiagnosticCollector) {
        var namespaces: [String: String] = [:]
        for package in packages {
            let namespace = SwiftTypeMapper(module: module, package: package.path).namespace(of: package.path)
            if let other = namespaces[namespace] {
                diagnostics.error(
                    "packages \"\(other)\" and \"\(package.path)\" would both generate the Swift namespace \(namespace); generate them into different targets or rename one package",
                    at: nil)
            }
            namespaces[namespace] = package.path
            check(package, diagnostics: diagnostics)
        }
    }

    private static func check(_ package: IRPackage, diagnostics: DiagnosticCollector) {
        let declared: [(String, SourceLocation)] =
            package.types.map { ($0.name.name, $0.location) } + package.errors.map { ($0.name.name, $0.location) }
            + package.interfaces.map { ($0.name.name, $0.location) }
        for (name, location) in declared {
            if reservedTypeNames.contains(name) {
                diagnostics.error("\(name) would shadow the type \(name) that the generated Swift uses; rename it", at: location, length: name.utf8.count)
            } else if !package.interfaces.isEmpty, interfaceMemberNames.contains(name) {
                diagnostics.error(
                    "\(name) would be hidden by the \(name) that vdlc generates inside each interface of package \(package.path); rename it",
                    at: location, length: name.utf8.count)
            }
        }
        // Fields, arms and arguments whose names collide once converted (`ID` and `Id` → `id`).
        for type in package.types {
            switch type.kind {
            case .structure(let fields), .union(let fields): checkMemberNames(fields, owner: type.name.name, diagnostics: diagnostics)
            default: break
            }
        }
        for error in package.errors { checkMemberNames(error.parameters, owner: "error \(error.name.name)", diagnostics: diagnostics) }
        for interface in package.interfaces {
            for method in interface.methods {
                checkMemberNames(method.inArgs, owner: "method \(method.name)", diagnostics: diagnostics)
                checkMemberNames(method.outArgs, owner: "method \(method.name)", diagnostics: diagnostics)
            }
        }
        // Inside `Method.<M>`, a package type named <M> is shadowed by the method's namespace.
        for interface in package.interfaces {
            for method in interface.methods {
                let used = (method.inArgs + method.outArgs).map(\.type) + [method.inStream, method.outStream].compactMap { $0 }
                if used.contains(where: { mentions($0, name: QualifiedName(package: package.path, name: method.name)) }) {
                    diagnostics.error(
                        "method \(interface.name.name).\(method.name) uses the type \(method.name), which its generated namespace Method.\(method.name) would hide; rename the type or the method",
                        at: method.location, length: method.name.utf8.count)
                }
            }
        }
    }

    private static func checkMemberNames(_ members: [FieldDefinition], owner: String, diagnostics: DiagnosticCollector) {
        var swiftNames: [String: String] = [:]
        var protoNames: [String: String] = [:]
        for member in members {
            let swift = SwiftNames.lowerCamel(member.name)
            let proto = ProtoNames.snakeCase(member.name)
            if let other = swiftNames[swift] ?? protoNames[proto] {
                diagnostics.error(
                    "\(member.name) and \(other) of \(owner) both become \(swiftNames[swift] != nil ? "Swift \(swift)" : "proto \(proto)") in generated code; rename one",
                    at: member.location, length: member.name.utf8.count)
                continue
            }
            swiftNames[swift] = member.name
            protoNames[proto] = member.name
        }
    }

    private static func mentions(_ type: VDLType, name: QualifiedName) -> Bool {
        switch type {
        case .primitive: return false
        case .named(let n): return n == name
        case .list(let e), .array(_, let e), .set(let e), .optional(let e): return mentions(e, name: name)
        case .map(let k, let v): return mentions(k, name: name) || mentions(v, name: name)
        }
    }
}
