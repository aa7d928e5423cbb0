import VDLRPC

/// Finds a method of a server's signature by its short name (`Add`, when only one interface
/// has it) or its full name (`examples/fortune.Fortune/Add`).
struct MethodLookup {
    let services: [ServiceDescriptor]

    func find(_ name: String) throws -> (service: ServiceDescriptor, method: MethodDescriptor) {
        var matches: [(service: ServiceDescriptor, method: MethodDescriptor)] = []
        for service in services {
            for method in service.methods where method.fullName == name || method.name == name
                || "\(service.fullName)/\(method.name)" == name {
                if !matches.contains(where: { $0.method.fullName == method.fullName }) { matches.append((service, method)) }
            }
        }
        if matches.count == 1, let match = matches.first { return match }
        if matches.isEmpty {
            let available = services.flatMap(\.methods).map(\.fullName)
            throw UsageError(description: "the server has no method \(name); it has: \(available.isEmpty ? "(none)" : available.joined(separator: ", "))")
        }
        throw UsageError(description: "\(name) is ambiguous: \(matches.map(\.method.fullName).joined(separator: ", ")); give the full name")
    }
}
