/// Naming rules from VDL (Go-style exported names) to Swift.
enum SwiftNames {
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default",
        "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch",
        "where", "while", "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true",
        "try", "Type", "Protocol",
    ]

    /// `MountName` → `mountName`, `ID` → `id`, `NodeID` → `nodeID`, `URLPath` → `urlPath`.
    static func lowerCamel(_ name: String) -> String {
        let scalars = Array(name)
        var upperRun = 0
        while upperRun < scalars.count, scalars[upperRun].isUppercase { upperRun += 1 }
        let result: String
        if upperRun == 0 {
            result = name
        } else if upperRun == scalars.count {
            result = name.lowercased()
        } else if upperRun == 1 {
            result = scalars[0].lowercased() + String(scalars[1...])
        } else {
            // `URLPath`: the last capital starts the next word.
            result = String(scalars[..<(upperRun - 1)]).lowercased() + String(scalars[(upperRun - 1)...])
        }
        return escaped(result)
    }

    /// `fortune` → `Fortune`, `mount_table` → `MountTable`.
    static func upperCamel(_ name: String) -> String {
        name.split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == "." })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }

    static func escaped(_ identifier: String) -> String {
        keywords.contains(identifier) ? "`\(identifier)`" : identifier
    }

    /// A Swift string literal with the value's text.
    static func stringLiteral(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
