/// Naming rules from VDL to proto3.
enum ProtoNames {
    /// `examples/fortune` → `examples.fortune`.
    static func package(_ path: String) -> String {
        path.split(separator: "/").map { identifier(String($0)) }.joined(separator: ".")
    }

    /// The file a package's proto lives in: `examples/fortune/fortune.proto`.
    static func file(_ path: String) -> String {
        "\(path)/\(path.split(separator: "/").last ?? "package").proto"
    }

    /// `MountName` → `mount_name`, `NodeID` → `node_id`, `URLPath` → `url_path`.
    static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (i, c) in characters.enumerated() {
            if c.isUppercase, i > 0 {
                let previousLower = characters[i - 1].isLowercase || characters[i - 1].isNumber
                let nextLower = i + 1 < characters.count && characters[i + 1].isLowercase
                if previousLower || (characters[i - 1].isUppercase && nextLower) { result += "_" }
            }
            result += c.lowercased()
        }
        return identifier(result)
    }

    /// `Color`, `Red` → `COLOR_RED`.
    static func enumValue(_ enumName: String, _ label: String) -> String {
        snakeCase(enumName).uppercased() + "_" + snakeCase(label).uppercased()
    }

    /// Replaces characters proto identifiers cannot hold.
    static func identifier(_ text: String) -> String {
        var result = String(text.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        if let first = result.first, first.isNumber { result = "_" + result }
        return result
    }
}
