/// Finds wire-breaking differences between two versions of an IDL package.
///
/// Breaking: a field or arm renumbered, retyped or removed without reserving its number; a number
/// reused for something else; an enum label moved or removed; a type or interface removed; a method
/// removed, its streaming changed, or an argument renumbered, retyped or removed.
public struct CompatibilityChecker {
    public struct Change: Sendable, Hashable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    let old: IRModule
    let new: IRModule

    public init(old: IRModule, new: IRModule) {
        self.old = old
        self.new = new
    }

    /// Compares package `oldPath` of the old module with `newPath` of the new one.
    public func breakingChanges(oldPackage oldPath: String, newPackage newPath: String) -> [Change] {
        guard let before = old.package(oldPath), let after = new.package(newPath) else { return [] }
        var changes: [Change] = []
        let newTypes = Dictionary(after.types.map { ($0.name.name, $0) }, uniquingKeysWith: { a, _ in a })
        for type in before.types {
            guard let replacement = newTypes[type.name.name] else {
                changes.append(Change(message: "type \(type.name.name) was removed"))
                continue
            }
            changes += compareTypes(type, replacement)
        }
        let newInterfaces = Dictionary(after.interfaces.map { ($0.name.name, $0) }, uniquingKeysWith: { a, _ in a })
        for interface in before.interfaces {
            guard let replacement = newInterfaces[interface.name.name] else {
                changes.append(Change(message: "interface \(interface.name.name) was removed"))
                continue
            }
            for method in interface.allMethods {
                guard let newMethod = replacement.allMethods.first(where: { $0.name == method.name }) else {
                    changes.append(Change(message: "method \(interface.name.name).\(method.name) was removed"))
                    continue
                }
                changes += compareMethods(interface.name.name, method, newMethod)
            }
        }
        let newErrors = Set(after.errors.map(\.name.name))
        for error in before.errors where !newErrors.contains(error.name.name) {
            changes.append(Change(message: "error \(error.name.name) was removed (clients matching its ID \(error.id) will no longer see it)"))
        }
        return changes
    }

    private func compareTypes(_ a: TypeDefinition, _ b: TypeDefinition) -> [Change] {
        let name = a.name.name
        switch (a.kind, b.kind) {
        case (.structure(let x), .structure(let y)):
            return compareFields("field", of: "struct \(name)", x, y, reserved: b.reservedNumbers)
        case (.union(let x), .union(let y)):
            return compareFields("arm", of: "union \(name)", x, y, reserved: b.reservedNumbers)
        case (.enumeration(let x), .enumeration(let y)):
            var changes: [Change] = []
            for (index, label) in x.enumerated() {
                if let newIndex = y.firstIndex(where: { $0.name == label.name }) {
                    if newIndex != index {
                        changes.append(Change(message: "enum \(name): label \(label.name) moved from number \(index) to \(newIndex)"))
                    }
                } else {
                    changes.append(Change(message: "enum \(name): label \(label.name) (number \(index)) was removed"))
                }
            }
            return changes
        case (.defined(let x), .defined(let y)):
            return wireType(x, old) == wireType(y, new) ? [] : [Change(message: "type \(name) changed from \(x) to \(y)")]
        default:
            return [Change(message: "type \(name) changed kind from \(kindName(a.kind)) to \(kindName(b.kind))")]
        }
    }

    private func compareFields(_ what: String, of owner: String, _ before: [FieldDefinition], _ after: [FieldDefinition], reserved: [Int]) -> [Change] {
        var changes: [Change] = []
        for field in before {
            if let replacement = after.first(where: { $0.name == field.name }) {
                if replacement.number != field.number {
                    changes.append(Change(message: "\(owner): \(what) \(field.name) was renumbered from \(field.number) to \(replacement.number)"))
                }
                if wireType(field.type, old) != wireType(replacement.type, new) {
                    changes.append(Change(message: "\(owner): \(what) \(field.name) changed type from \(field.type) to \(replacement.type)"))
                }
            } else if let reuse = after.first(where: { $0.number == field.number }) {
                changes.append(Change(message: "\(owner): number \(field.number) of removed \(what) \(field.name) is reused by \(reuse.name)"))
            } else if !reserved.contains(field.number) {
                changes.append(Change(message: "\(owner): \(what) \(field.name) (number \(field.number)) was removed without reserving its number"))
            }
        }
        return changes
    }

    private func compareMethods(_ interface: String, _ a: MethodDefinition, _ b: MethodDefinition) -> [Change] {
        let owner = "method \(interface).\(a.name)"
        var changes: [Change] = []
        if (a.inStream == nil) != (b.inStream == nil) || (a.outStream == nil) != (b.outStream == nil) {
            changes.append(Change(message: "\(owner): streaming changed"))
        }
        if let x = a.inStream, let y = b.inStream, wireType(x, old) != wireType(y, new) {
            changes.append(Change(message: "\(owner): client stream type changed from \(x) to \(y)"))
        }
        if let x = a.outStream, let y = b.outStream, wireType(x, old) != wireType(y, new) {
            changes.append(Change(message: "\(owner): server stream type changed from \(x) to \(y)"))
        }
        changes += compareFields("argument", of: owner, a.inArgs, b.inArgs, reserved: [])
        changes += compareFields("result", of: owner, a.outArgs, b.outArgs, reserved: [])
        if a.interface.name != b.interface.name {
            changes.append(Change(message: "\(owner): now declared by \(b.interface.name) instead of \(a.interface.name), which changes its wire name"))
        }
        return changes
    }

    /// Types compare by name for named structs, unions and enums, by structure otherwise.
    private func wireType(_ type: VDLType, _ module: IRModule) -> String {
        switch module.underlying(type) {
        case .named(let name): return name.name
        case .primitive(let p): return p.rawValue
        case .list(let e): return "[]" + wireType(e, module)
        case .array(let n, let e): return "[\(n)]" + wireType(e, module)
        case .set(let k): return "set[\(wireType(k, module))]"
        case .map(let k, let v): return "map[\(wireType(k, module))]\(wireType(v, module))"
        case .optional(let e): return "?" + wireType(e, module)
        }
    }

    private func kindName(_ kind: TypeDefinition.Kind) -> String {
        switch kind {
        case .structure: return "struct"
        case .union: return "union"
        case .enumeration: return "enum"
        case .defined(let t): return t.description
        }
    }
}
