import Foundation

/// A deployment template: a Kubernetes Deployment in JSON with Go `text/template` actions
/// `{{.Field}}` (also `{{ .Field }}`, the trim markers `{{-`/`-}}`, and comments
/// `{{/* ... */}}`), the subset deployment templates use. The fields are ``Field``'s cases.
///
/// Values are inserted escaped for a JSON string (`"` becomes `\"`), since templates put
/// them inside strings, even JSON meant for a command line:
/// `"--permissions={\"Read\":{{.AccessList}}}"`.
public struct DeploymentTemplate: Sendable {
    /// The fields a template may use.
    public enum Field: String, CaseIterable, Sendable {
        case Name, AccessList, MountName, CreatorInfo, OwnerHash, Version
    }

    public let path: String
    private let pieces: [Piece]

    private enum Piece: Sendable {
        case text(String)
        case field(Field)
    }

    /// Reads and parses the template; an unknown field or an unsupported action is an error
    /// naming the line.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AllocatorError.template(path: path, "cannot be read")
        }
        try self.init(text: String(decoding: data, as: UTF8.self), path: path)
    }

    public init(text: String, path: String) throws {
        self.path = path
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            var before = rest[..<open.lowerBound]
            var inside = rest[open.upperBound...]
            guard let close = inside.range(of: "}}") else {
                throw AllocatorError.template(path: path, "line \(Self.line(of: open.lowerBound, in: text)): {{ is not closed")
            }
            var action = inside[..<close.lowerBound]
            inside = inside[close.upperBound...]
            if action.hasPrefix("-") {
                action = action.dropFirst()
                before = Substring(before.reversed().drop(while: \.isWhitespace).reversed())
            }
            if action.hasSuffix("-") {
                action = action.dropLast()
                inside = inside.drop(while: \.isWhitespace)
            }
            if !before.isEmpty { pieces.append(.text(String(before))) }
            let trimmed = action.trimmingCharacters(in: .whitespaces)
            let line = Self.line(of: open.lowerBound, in: text)
            if trimmed.hasPrefix("/*") && trimmed.hasSuffix("*/") {
                // A comment.
            } else if trimmed.hasPrefix("."), let field = Field(rawValue: String(trimmed.dropFirst())) {
                pieces.append(.field(field))
            } else if trimmed.hasPrefix("."), trimmed.dropFirst().allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                throw AllocatorError.template(path: path, "line \(line): unknown field \(trimmed); the fields are \(Field.allCases.map { "." + $0.rawValue }.joined(separator: ", "))")
            } else {
                throw AllocatorError.template(path: path, "line \(line): unsupported action {{\(action)}}; only {{.Field}} and comments are supported")
            }
            rest = inside
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        self.pieces = pieces
    }

    /// The template with `values` filled in, checked to be a JSON Deployment.
    public func render(_ values: [Field: String]) throws -> RenderedDeployment {
        var output = ""
        for piece in pieces {
            switch piece {
            case .text(let text): output += text
            case .field(let field): output += Self.escaped(values[field] ?? "")
            }
        }
        return try RenderedDeployment(json: Data(output.utf8), template: path)
    }

    /// `text` escaped to sit inside a JSON string.
    static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func line(of index: String.Index, in text: String) -> Int {
        text[..<index].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }
}
