import Foundation

extension DeclarationEmitter {
    /// An error definition: a struct with its parameters, its ID and retry action, a message built
    /// from the template, and conversions to and from the wire `VDLError`.
    mutating func emitError(_ error: ErrorDefinition) {
        let name = error.name.name
        writer.comment(error.doc)
        writer.line("/// VDL error `\(error.id)`.")
        writer.open("public struct \(name): VDLErrorConvertible")
        writer.line("public static var id: String { \(SwiftNames.stringLiteral(error.id)) }")
        writer.line("public static var retryAction: RetryAction { .\(SwiftNames.lowerCamel(error.retryAction.rawValue)) }")
        writer.line("/// The message templates by language; `{param}` stands for a parameter.")
        let templates = error.messages.map { "\(SwiftNames.stringLiteral($0.language)): \(SwiftNames.stringLiteral($0.template))" }
        writer.line("public static let templates: [String: String] = [\(templates.isEmpty ? ":" : templates.joined(separator: ", "))]")
        for parameter in error.parameters {
            writer.line()
            writer.line("public var \(SwiftNames.lowerCamel(parameter.name)): \(mapper.swiftType(parameter.type))")
        }
        writer.line()
        if error.parameters.isEmpty {
            writer.line("public init() {}")
        } else {
            let parameters = error.parameters.map { "\(SwiftNames.lowerCamel($0.name)): \(mapper.swiftType($0.type))" }
            writer.open("public init(\(parameters.joined(separator: ", ")))")
            for parameter in error.parameters {
                let swiftName = SwiftNames.lowerCamel(parameter.name)
                writer.line("self.\(swiftName.trimmingCharacters(in: "`")) = \(swiftName)")
            }
            writer.close()
        }
        writer.line()
        writer.line("/// Decodes the error from its wire form; nil when the ID or the parameters do not match.")
        writer.open("public init?(_ error: VDLError)")
        writer.line("guard error.id == Self.id, error.parameters.count == \(error.parameters.count) else { return nil }")
        if !error.parameters.isEmpty {
            writer.open("do")
            for (index, parameter) in error.parameters.enumerated() {
                let swiftName = SwiftNames.lowerCamel(parameter.name).trimmingCharacters(in: "`")
                writer.line("self.\(swiftName) = try error.parameters[\(index)].decode(typeName: \(SwiftNames.stringLiteral(parameter.type.description)), as: \(mapper.codec(parameter.type)).self)")
            }
            writer.close("} catch {")
            writer.indent()
            writer.line("return nil")
            writer.close()
        }
        writer.close()
        writer.line()
        writer.line("/// The message in English (or the first language given), with the parameters filled in.")
        let template = error.messages.first { $0.language == "en" }?.template ?? error.messages.first?.template ?? "\(error.id)"
        writer.line("public var message: String { \(interpolated(template, parameters: error.parameters)) }")
        writer.line()
        writer.open("public var vdlError: VDLError")
        let encoded = error.parameters.map { parameter in
            "VDLAny.constant(self.\(SwiftNames.lowerCamel(parameter.name).trimmingCharacters(in: "`")), typeName: \(SwiftNames.stringLiteral(parameter.type.description)), as: \(mapper.codec(parameter.type)).self)"
        }
        writer.line("VDLError(id: Self.id, retryAction: Self.retryAction, message: message, parameters: [\(encoded.joined(separator: ", "))])")
        writer.close()
        writer.close()
    }

    /// A Swift string literal for a message template, with `{param}` as interpolations.
    private func interpolated(_ template: String, parameters: [FieldDefinition]) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += escapedContent(String(rest[..<open]))
            let afterOpen = rest.index(after: open)
            if afterOpen < rest.endIndex, rest[afterOpen] == "{" {
                result += "{"
                rest = rest[rest.index(after: afterOpen)...]
                continue
            }
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let raw = String(rest[afterOpen..<close])
            let prefixColon = raw.hasPrefix(":"), suffixColon = raw.hasSuffix(":")
            let name = String(raw.dropFirst(prefixColon ? 1 : 0).dropLast(suffixColon && raw.count > 1 ? 1 : 0))
            // Positional as in Vanadium: {1} component and {2} operation are empty here, {3} is the first parameter.
            let parameter = Int(name).flatMap { $0 >= 3 && $0 - 3 < parameters.count ? parameters[$0 - 3] : nil }
                ?? parameters.first { $0.name == name }
            if let parameter {
                let value = "\\(self.\(SwiftNames.lowerCamel(parameter.name).trimmingCharacters(in: "`")))"
                result += (prefixColon ? ": " : "") + value + (suffixColon ? ": " : "")
            } else if Int(name) != nil {
                // An empty positional value drops its decoration too.
            } else {
                result += escapedContent(String(rest[open...close]))
            }
            rest = rest[rest.index(after: close)...]
        }
        result += escapedContent(String(rest))
        // Vanadium templates start with `{1:}{2:} `: with those empty, drop the separating space.
        while result.hasPrefix(" ") { result.removeFirst() }
        return "\"" + result + "\""
    }

    /// Literal template text as Swift string-literal content; `}}` stands for `}`.
    private func escapedContent(_ text: String) -> String {
        String(SwiftNames.stringLiteral(text.replacingOccurrences(of: "}}", with: "}")).dropFirst().dropLast())
    }
}
