#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// Durable whole-file replacement for state files (credentials, snapshots, stores): the bytes
/// go to a temporary file beside the target, are synced, and the file is renamed over the
/// target, then the directory is synced. A crash at any moment leaves either the old file or
/// the new one, never a mix.
public enum AtomicFile {
    /// A write that did not happen; the target is unchanged.
    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// Replaces `path` with `bytes`, created with `mode` (0600 by default).
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws {
        let temporary = try writeTemporary(bytes, beside: path, mode: mode)
        guard rename(temporary, path) == 0 else {
            let failure = "cannot replace it with \(temporary) (errno \(errno))"
            unlink(temporary)
            throw WriteError(path: path, reason: failure)
        }
        syncDirectory(of: path)
    }

    /// Creates `path` holding `bytes`, failing with `EEXIST` in the error when it exists: the
    /// bytes are synced in a temporary file that is then hard-linked into place, so the file
    /// appears whole or not at all.
    public static func create(_ bytes: [UInt8], at path: String, mode: mode_t = 0o600) throws {
        let temporary = try writeTemporary(bytes, beside: path, mode: mode)
        defer { unlink(temporary) }
        guard link(temporary, path) == 0 else {
            throw WriteError(path: path, reason: errno == EEXIST ? "it already exists" : "cannot link \(temporary) to it (errno \(errno))")
        }
        syncDirectory(of: path)
    }

    /// Whether `name` is a temporary file these functions leave behind when killed mid-write.
    public static func isTemporary(_ name: String) -> Bool { name.contains(".tmp-") }

    private static func writeTemporary(_ bytes: [UInt8], beside path: String, mode: mode_t) throws -> String {
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw WriteError(path: path, reason: "cannot create \(temporary) (errno \(errno))") }
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(fd, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = "cannot write \(temporary) (errno \(errno))"
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = "cannot sync \(temporary) (errno \(errno))" }
        close(fd)
        if let failure {
            unlink(temporary)
            throw WriteError(path: path, reason: failure)
        }
        return temporary
    }

    /// Makes the rename itself durable; best effort (some file systems refuse to sync a directory).
    private static func syncDirectory(of path: String) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
