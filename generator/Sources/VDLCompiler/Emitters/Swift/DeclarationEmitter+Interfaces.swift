extension DeclarationEmitter {
    /// An interface: a namespace with its descriptors and argument messages, a typed client, a
    /// server protocol and the registration that connects an implementation to a server.
    mutating func emitInterface(_ interface: InterfaceDefinition) {
        let fullName = interface.name.description
        writer.comment(interface.doc)
        writer.line("/// VDL interface `\(fullName)`: the client, the server protocol and their descriptors.")
        writer.open("public enum \(interface.name.name)")

        writer.line("/// Every method the interface serves, its own and those of the interfaces it embeds.")
        writer.openCall("public static let descriptor = ServiceDescriptor")
        writer.line("fullName: \(SwiftNames.stringLiteral(fullName)),")
        writer.line("doc: \(SwiftNames.stringLiteral(interface.doc)),")
        writer.line("embeds: [\(interface.embeds.map { SwiftNames.stringLiteral($0.description) }.joined(separator: ", "))],")
        let types = typesUsed(by: interface)
        writer.line("methods: [\(interface.allMethods.map { "\(methodPath($0, in: interface)).descriptor" }.joined(separator: ", "))]\(types.isEmpty ? "" : ",")")
        if !types.isEmpty { emitTypeDescriptors(types) }
        writer.close(")")

        writer.line()
        writer.line("/// One namespace per declared method: its descriptor and argument messages.")
        writer.open("public enum Method")
        for (index, method) in interface.methods.enumerated() {
            if index > 0 { writer.line() }
            emitMethodNamespace(method, interface: interface)
        }
        writer.close()

        writer.line()
        emitClient(interface)
        writer.line()
        emitServerProtocol(interface)
        writer.line()
        emitRegistration(interface)
        writer.close()
    }

    /// `Method.Add` for the interface's own methods; embedded ones through their interface's namespace.
    private func methodPath(_ method: MethodDefinition, in interface: InterfaceDefinition) -> String {
        method.interface == interface.name ? "Method.\(method.name)" : "\(interfacePath(method.interface)).Method.\(method.name)"
    }

    private func interfacePath(_ name: QualifiedName) -> String {
        name.package == package.path ? name.name : "\(mapper.namespace(of: name.package)).\(name.name)"
    }

    private func kind(_ method: MethodDefinition) -> String {
        switch (method.inStream != nil, method.outStream != nil) {
        case (false, false): return "unary"
        case (true, false): return "clientStreaming"
        case (false, true): return "serverStreaming"
        case (true, true): return "bidirectional"
        }
    }

    private mutating func emitMethodNamespace(_ method: MethodDefinition, interface: InterfaceDefinition) {
        writer.comment(method.doc)
        writer.open("public enum \(method.name)")
        writer.openCall("public static let descriptor = MethodDescriptor")
        writer.line("interface: \(SwiftNames.stringLiteral(interface.name.description)),")
        writer.line("name: \(SwiftNames.stringLiteral(method.name)),")
        writer.line("kind: .\(kind(method)),")
        writer.line("tags: [\(method.tags.map { mapper.anyLiteral($0) }.joined(separator: ", "))],")
        writer.line("inArgs: [\(argumentDescriptors(method.inArgs))],")
        writer.line("outArgs: [\(argumentDescriptors(method.outArgs))],")
        writer.line("inStream: \(method.inStream.map { SwiftNames.stringLiteral($0.description) } ?? "nil"),")
        writer.line("outStream: \(method.outStream.map { SwiftNames.stringLiteral($0.description) } ?? "nil"),")
        writer.line("doc: \(SwiftNames.stringLiteral(method.doc))")
        writer.close(")")
        writer.line()
        let base = "\(interface.name.description)\(method.name)"
        emitMessageStruct(name: "Request", vdlTypeName: "\(base)Request", doc: "The arguments of \(method.name).", fields: method.inArgs, ownerForErrors: "\(base)Request")
        writer.line()
        emitMessageStruct(name: "Response", vdlTypeName: "\(base)Response", doc: "The results of \(method.name).", fields: method.outArgs, ownerForErrors: "\(base)Response")
        writer.close()
    }

    private func argumentDescriptors(_ arguments: [FieldDefinition]) -> String {
        arguments.map {
            "ArgumentDescriptor(name: \(SwiftNames.stringLiteral($0.name)), type: \(SwiftNames.stringLiteral($0.type.description)), number: \($0.number))"
        }.joined(separator: ", ")
    }

    // MARK: Signatures shared by client and server

    /// Parameter names the generated methods use themselves: client methods take `options` and
    /// `body`, server methods `stream` and `context`.
    static let clientParameters: Set<String> = ["options", "body"]
    static let serverParameters: Set<String> = ["stream", "context"]

    /// The parameter name inside the function: the argument's name, or `<name>Argument` when the
    /// generated method already has a parameter of that name (the label stays the argument's).
    private func internalName(_ argument: FieldDefinition, avoiding reserved: Set<String>) -> String? {
        let name = SwiftNames.lowerCamel(argument.name).trimmingCharacters(in: "`")
        return reserved.contains(name) ? name + "Argument" : nil
    }

    private func parameterList(_ method: MethodDefinition, avoiding reserved: Set<String>) -> [String] {
        method.inArgs.map { argument in
            let label = SwiftNames.lowerCamel(argument.name)
            let inner = internalName(argument, avoiding: reserved).map { " \($0)" } ?? ""
            return "\(label)\(inner): \(mapper.swiftType(argument.type))"
        }
    }

    /// ` -> T`, ` -> (a: A, b: B)` or empty.
    private func resultClause(_ method: MethodDefinition) -> String {
        switch method.outArgs.count {
        case 0: return ""
        case 1: return " -> \(mapper.swiftType(method.outArgs[0].type))"
        default:
            return " -> (" + method.outArgs.map { "\(SwiftNames.lowerCamel($0.name).trimmingCharacters(in: "`")): \(mapper.swiftType($0.type))" }.joined(separator: ", ") + ")"
        }
    }

    private func streamTypes(_ method: MethodDefinition) -> (clientToServer: String, serverToClient: String) {
        (method.inStream.map(mapper.swiftType) ?? "NoStreamValue", method.outStream.map(mapper.swiftType) ?? "NoStreamValue")
    }

    private func streamCodecs(_ method: MethodDefinition) -> (clientToServer: String, serverToClient: String) {
        (method.inStream.map(mapper.codec) ?? "NoStreamCodec", method.outStream.map(mapper.codec) ?? "NoStreamCodec")
    }

    private func isStreaming(_ method: MethodDefinition) -> Bool { method.inStream != nil || method.outStream != nil }

    private func swiftMethodName(_ method: MethodDefinition) -> String { SwiftNames.lowerCamel(method.name) }

    /// `a: a, b: b` from the client's parameters, or `a: request.a, ...` from a decoded request.
    private func argumentLabels(_ method: MethodDefinition, from source: String) -> String {
        method.inArgs.map {
            let name = SwiftNames.lowerCamel($0.name).trimmingCharacters(in: "`")
            let value = source.isEmpty
                ? internalName($0, avoiding: Self.clientParameters) ?? SwiftNames.lowerCamel($0.name)
                : "\(source).\(name)"
            return "\(name): \(value)"
        }.joined(separator: ", ")
    }

    // MARK: Client

    private mutating func emitClient(_ interface: InterfaceDefinition) {
        writer.line("/// A typed client: each method calls the server through the transport.")
        writer.open("public struct Client: Sendable")
        writer.line("public let transport: any ClientTransport")
        writer.line("/// The object name the calls address on the server (empty: the server's default object).")
        writer.line("public let object: String")
        writer.line()
        writer.open("public init(transport: any ClientTransport, object: String = \"\")")
        writer.line("self.transport = transport")
        writer.line("self.object = object")
        writer.close()
        for method in interface.allMethods {
            writer.line()
            writer.comment(method.doc)
            var parameters = parameterList(method, avoiding: Self.clientParameters) + ["options: CallOptions = CallOptions()"]
            let path = methodPath(method, in: interface)
            if isStreaming(method) {
                let (up, down) = streamTypes(method)
                parameters.append("_ body: @Sendable (ClientStream<\(up), \(down)>) async throws -> Void")
            }
            writer.open("public func \(swiftMethodName(method))(\(parameters.joined(separator: ", "))) async throws\(resultClause(method))")
            writer.line("let request = \(path).Request(\(argumentLabels(method, from: "")))")
            let receiver = method.outArgs.isEmpty ? "_" : "response"
            if isStreaming(method) {
                let (up, down) = streamCodecs(method)
                writer.line("let \(receiver): \(path).Response = try await self.transport.streaming(")
                writer.indent()
                writer.line("\(path).descriptor, object: self.object, request: request, options: options,")
                writer.line("outgoing: \(up).self, incoming: \(down).self, body: body")
                writer.dedent()
                writer.line(")")
            } else {
                writer.line("let \(receiver): \(path).Response = try await self.transport.unary(\(path).descriptor, object: self.object, request: request, options: options)")
            }
            emitReturn(method, from: "response")
            writer.close()
        }
        writer.close()
    }

    private mutating func emitReturn(_ method: MethodDefinition, from source: String) {
        switch method.outArgs.count {
        case 0: break
        case 1: writer.line("return \(source).\(SwiftNames.lowerCamel(method.outArgs[0].name).trimmingCharacters(in: "`"))")
        default:
            let fields = method.outArgs.map {
                let name = SwiftNames.lowerCamel($0.name).trimmingCharacters(in: "`")
                return "\(name): \(source).\(name)"
            }
            writer.line("return (\(fields.joined(separator: ", ")))")
        }
    }

    // MARK: Server

    private mutating func emitServerProtocol(_ interface: InterfaceDefinition) {
        let inherited = interface.embeds.map { "\(interfacePath($0)).Service" }
        writer.line("/// What a server implements; the methods of embedded interfaces come from their protocols.")
        writer.open("public protocol Service: \((inherited.isEmpty ? ["Sendable"] : inherited).joined(separator: ", "))")
        for (index, method) in interface.methods.enumerated() {
            if index > 0 { writer.line() }
            writer.comment(method.doc)
            var parameters = parameterList(method, avoiding: Self.serverParameters)
            if isStreaming(method) {
                let (up, down) = streamTypes(method)
                parameters.append("stream: ServerStream<\(up), \(down)>")
            }
            parameters.append("context: ServerCallContext")
            writer.line("func \(swiftMethodName(method))(\(parameters.joined(separator: ", "))) async throws\(resultClause(method))")
        }
        writer.close()
    }

    private mutating func emitRegistration(_ interface: InterfaceDefinition) {
        writer.line("/// Connects an implementation to a server: one handler per method, decoding and encoding the messages.")
        writer.open("public static func registration(_ service: some Service) -> ServiceRegistration")
        writer.line("ServiceRegistration(descriptor: descriptor, handlers: [")
        writer.indent()
        for method in interface.allMethods {
            let path = methodPath(method, in: interface)
            var arguments = argumentLabels(method, from: "request")
            if isStreaming(method) {
                let (up, down) = streamCodecs(method)
                writer.line(".streaming(\(path).descriptor, incoming: \(up).self, outgoing: \(down).self) { (request: \(path).Request, stream, context) in")
                arguments += (arguments.isEmpty ? "" : ", ") + "stream: stream"
            } else {
                writer.line(".unary(\(path).descriptor) { (request: \(path).Request, context) in")
            }
            arguments += (arguments.isEmpty ? "" : ", ") + "context: context"
            writer.indent()
            let call = "try await service.\(swiftMethodName(method))(\(arguments))"
            switch method.outArgs.count {
            case 0:
                writer.line(call)
                writer.line("return \(path).Response()")
            case 1:
                writer.line("return \(path).Response(\(SwiftNames.lowerCamel(method.outArgs[0].name).trimmingCharacters(in: "`")): \(call))")
            default:
                writer.line("let results = \(call)")
                let fields = method.outArgs.map {
                    let name = SwiftNames.lowerCamel($0.name).trimmingCharacters(in: "`")
                    return "\(name): results.\(name)"
                }
                writer.line("return \(path).Response(\(fields.joined(separator: ", ")))")
            }
            writer.dedent()
            writer.line("},")
        }
        writer.dedent()
        writer.line("])")
        writer.close()
    }
}
