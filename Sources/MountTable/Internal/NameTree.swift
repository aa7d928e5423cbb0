import Foundation
import VDLNaming
import VDLSecurity

/// The mount table's state: nodes by name ("" is the root), each with its live mounts, its own
/// permissions if any, and its children. Expired mounts are dropped whenever a node is read,
/// and a node left with no mounts, no permissions and no children is removed.
struct NameTree: Sendable {
    struct Mount: Sendable, Equatable {
        var server: String
        var deadline: Date
    }

    struct Node: Sendable {
        var mounts: [Mount] = []
        var flags = Mounttable.MountFlag(rawValue: 0)
        var permissions: Access.Permissions?
        var version: UInt64 = 0
        var children: Set<String> = []

        var isEmpty: Bool { mounts.isEmpty && permissions == nil && children.isEmpty }
    }

    private(set) var nodes: [String: Node]

    init(rootPermissions: Access.Permissions) {
        nodes = ["": Node(permissions: rootPermissions)]
    }

    static func elements(_ name: String) -> [Substring] { name.split(separator: "/") }

    static func parent(of name: String) -> (parent: String, element: String) {
        guard let slash = name.lastIndex(of: "/") else { return ("", name) }
        return (String(name[..<slash]), String(name[name.index(after: slash)...]))
    }

    // MARK: Reading

    /// The node's mounts that have not expired.
    func liveMounts(_ name: String, now: Date) -> [Mount] {
        nodes[name]?.mounts.filter { $0.deadline > now } ?? []
    }

    /// The servers of the first node on the way from the root to `name` that has live mounts,
    /// with the rest of the name; nil when there is none.
    func resolve(_ name: String, now: Date) -> Mounttable.MountEntry? {
        let elements = Self.elements(name)
        var path = ""
        for index in 0...elements.count {
            if index > 0 { path = ObjectName.join(path, String(elements[index - 1])) }
            guard let node = nodes[path] else { return nil }
            let mounts = liveMounts(path, now: now)
            if !mounts.isEmpty {
                return Mounttable.MountEntry(
                    name: elements[index...].joined(separator: "/"),
                    servers: mounts.map { Mounttable.MountedServer(server: $0.server, deadline: Security.Time($0.deadline)) },
                    servesMountTable: node.flags.contains(Mounttable.mt), isLeaf: node.flags.contains(Mounttable.leaf))
            }
        }
        return nil
    }

    /// The permissions that govern `name`: its own, else those of its nearest ancestor that
    /// has some (the root always has), with their version.
    func effectivePermissions(_ name: String) -> (Access.Permissions, version: UInt64) {
        var path = name
        while true {
            if let node = nodes[path], let permissions = node.permissions { return (permissions, node.version) }
            if path.isEmpty { return ([:], 0) }
            path = Self.parent(of: path).parent
        }
    }

    /// The names below `name` (relative to it) that match `pattern`, in name order, with their
    /// live mounts.
    func glob(_ name: String, pattern: GlobPattern, now: Date, limit: Int) -> [Mounttable.MountEntry] {
        var found: [Mounttable.MountEntry] = []
        func walk(_ path: String, relative: [Substring]) {
            guard found.count < limit, let node = nodes[path] else { return }
            if pattern.matches(relative) {
                found.append(Mounttable.MountEntry(
                    name: relative.joined(separator: "/"),
                    servers: liveMounts(path, now: now).map { Mounttable.MountedServer(server: $0.server, deadline: Security.Time($0.deadline)) },
                    servesMountTable: node.flags.contains(Mounttable.mt), isLeaf: node.flags.contains(Mounttable.leaf)))
            }
            for child in node.children.sorted() {
                let below = relative + [Substring(child)]
                if pattern.mayMatchBelow(below) { walk(ObjectName.join(path, child), relative: below) }
            }
        }
        walk(name, relative: [])
        return found
    }

    // MARK: Changing

    /// Creates the nodes on the way to `name`.
    mutating func ensure(_ name: String) {
        var path = ""
        for element in Self.elements(name) {
            let child = ObjectName.join(path, String(element))
            nodes[path, default: Node()].children.insert(String(element))
            if nodes[child] == nil { nodes[child] = Node() }
            path = child
        }
    }

    mutating func mount(_ name: String, server: String, deadline: Date, flags: Mounttable.MountFlag, now: Date) {
        ensure(name)
        var node = nodes[name] ?? Node()
        node.mounts.removeAll { $0.deadline <= now }
        if flags.contains(Mounttable.replace) {
            node.mounts = [Mount(server: server, deadline: deadline)]
        } else if let index = node.mounts.firstIndex(where: { $0.server == server }) {
            node.mounts[index].deadline = deadline
        } else {
            node.mounts.append(Mount(server: server, deadline: deadline))
        }
        node.flags = Mounttable.MountFlag(rawValue: flags.rawValue & ~Mounttable.replace.rawValue)
        nodes[name] = node
    }

    /// Removes `server` (every server when empty); false when the name does not exist.
    mutating func unmount(_ name: String, server: String, now: Date) -> Bool {
        guard var node = nodes[name] else { return false }
        node.mounts.removeAll { server.isEmpty || $0.server == server || $0.deadline <= now }
        nodes[name] = node
        prune(name)
        return true
    }

    mutating func setPermissions(_ name: String, _ permissions: Access.Permissions) {
        ensure(name)
        let next = effectivePermissions(name).version + 1
        nodes[name]?.permissions = permissions
        nodes[name]?.version = next
    }

    /// Removes `name` and everything below it.
    mutating func delete(_ name: String) {
        guard !name.isEmpty, let node = nodes.removeValue(forKey: name) else { return }
        for child in node.children { delete(ObjectName.join(name, child)) }
        let (parent, element) = Self.parent(of: name)
        nodes[parent]?.children.remove(element)
        prune(parent)
    }

    /// Drops expired mounts everywhere and removes the nodes that are left empty.
    mutating func expire(now: Date) {
        for name in nodes.keys.sorted(by: { $0.count > $1.count }) {
            guard var node = nodes[name] else { continue }
            let before = node.mounts.count
            node.mounts.removeAll { $0.deadline <= now }
            if node.mounts.count != before {
                nodes[name] = node
            }
            prune(name)
        }
    }

    /// Removes `name` and then its ancestors while they are empty (never the root).
    private mutating func prune(_ name: String) {
        var path = name
        while !path.isEmpty, let node = nodes[path], node.isEmpty {
            nodes[path] = nil
            let (parent, element) = Self.parent(of: path)
            nodes[parent]?.children.remove(element)
            path = parent
        }
    }
}

extension Mounttable.MountFlag {
    func contains(_ flag: Mounttable.MountFlag) -> Bool { rawValue & flag.rawValue != 0 }
}

extension NameTree {
    /// Puts back permissions read from a snapshot, with their version.
    mutating func restorePermissions(_ name: String, _ permissions: Access.Permissions, version: UInt64) {
        nodes[name]?.permissions = permissions
        nodes[name]?.version = version
    }
}
