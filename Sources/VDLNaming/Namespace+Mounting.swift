import Synchronization
import VDLRPC
import VDLSecurity
import VDLWire

extension Namespace {
    /// Mounts `server` (a rooted name) under `name` for `ttl`, in the mount table that holds
    /// the name; mounting again refreshes the mount.
    public func mount(_ name: String, server: String, ttl: Duration, flags: Mounttable.MountFlag = .init(rawValue: 0),
                      options: CallOptions = CallOptions()) async throws {
        let (tables, suffix) = try await mountTable(holding: ObjectName(parsing: name), options: options)
        let seconds = UInt32(clamping: max(ttl.components.seconds, 1))
        _ = try await firstAnswer(from: tables, suffix: suffix) { table in
            try await table.mount(server: server, ttl: seconds, flags: flags, options: options)
        }
    }

    /// Removes `server` from `name`; an empty server removes every server mounted there.
    public func unmount(_ name: String, server: String, options: CallOptions = CallOptions()) async throws {
        let (tables, suffix) = try await mountTable(holding: ObjectName(parsing: name), options: options)
        _ = try await firstAnswer(from: tables, suffix: suffix) { table in
            try await table.unmount(server: server, options: options)
        }
    }

    /// Removes `name` from its mount table (with everything below it when `subtree` is set).
    public func delete(_ name: String, subtree: Bool, options: CallOptions = CallOptions()) async throws {
        let (tables, suffix) = try await mountTable(holding: ObjectName(parsing: name), options: options)
        _ = try await firstAnswer(from: tables, suffix: suffix) { table in
            try await table.delete(deleteSubtree: subtree, options: options)
        }
    }

    /// The permissions that govern `name` in its mount table, and their version.
    public func permissions(of name: String, options: CallOptions = CallOptions()) async throws -> (Access.Permissions, version: String) {
        let (tables, suffix) = try await mountTable(holding: ObjectName(parsing: name), options: options)
        let (answer, _) = try await firstAnswer(from: tables, suffix: suffix) { table in
            try await table.getPermissions(options: options)
        }
        return (answer.perms, answer.version)
    }

    /// Gives `name` and its subtree their own permissions; `version` must be the current one
    /// ("" skips the check).
    public func setPermissions(_ permissions: Access.Permissions, of name: String, version: String,
                               options: CallOptions = CallOptions()) async throws {
        let (tables, suffix) = try await mountTable(holding: ObjectName(parsing: name), options: options)
        _ = try await firstAnswer(from: tables, suffix: suffix) { table in
            try await table.setPermissions(perms: permissions, version: version, options: options)
        }
    }

    /// The names matching `pattern` (`apps/*`, `...`, `/host:port/apps/*`), with their
    /// servers, sorted by name. The elements of the pattern before its first wildcard pick the
    /// mount table node that is globbed; mount tables mounted below are not followed.
    public func glob(_ pattern: String, options: CallOptions = CallOptions()) async throws -> [Mounttable.MountEntry] {
        let tables: [ObjectName], path: String
        switch try ObjectName(parsing: pattern) {
        case .rooted(let endpoint, let suffix): (tables, path) = ([.rooted(endpoint, suffix: "")], suffix)
        case .relative(let name): (tables, path) = (roots, name)
        }
        let elements = path.split(separator: "/").map(String.init)
        let fixed = elements.prefix { !Self.isWildcard($0) }
        let node = fixed.joined(separator: "/")
        let rest = elements.dropFirst(fixed.count).joined(separator: "/")
        let (entries, _) = try await firstAnswer(from: tables, suffix: node) { table in
            let found = Mutex<[Mounttable.MountEntry]>([])
            try await table.glob(pattern: rest, options: options) { stream in
                for try await entry in stream.incoming { found.withLock { $0.append(entry) } }
            }
            return found.withLock { $0 }
        }
        return entries.map { entry in
            var entry = entry
            entry.name = ObjectName.join(node, entry.name)
            return entry
        }
    }

    static func isWildcard(_ element: String) -> Bool {
        element == "..." || element.contains { "*?[".contains($0) }
    }
}
