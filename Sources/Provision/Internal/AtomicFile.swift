#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Durable files: a write goes to a temporary file beside the target, is synced, renamed over
/// the target, and the directory is synced, so a crash leaves the old content or the new.
enum AtomicFile {
    struct FileError: Error, CustomStringConvertible {
        var path: String
        var operation: String
        var code: Int32
        var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
    }

    /// Writes `bytes` to `path` atomically and durably, mode 0600.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileError(path: temporary, operation: "create", code: errno) }
        var closed = false
        defer {
            if !closed { close(fd) }
        }
        do {
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { buffer -> Int in
                    guard let base = buffer.baseAddress else { return 0 }
                    return systemWrite(fd, base + offset, buffer.count - offset)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw FileError(path: temporary, operation: "write", code: errno)
                }
                offset += written
            }
            guard fsync(fd) == 0 else { throw FileError(path: temporary, operation: "fsync", code: errno) }
            closed = true
            guard close(fd) == 0 else { throw FileError(path: temporary, operation: "close", code: errno) }
            guard rename(temporary, path) == 0 else { throw FileError(path: path, operation: "rename onto", code: errno) }
        } catch {
            unlink(temporary)
            throw error
        }
        syncDirectory(of: path)
    }

    /// Removes `path` durably; a missing file is not an error.
    static func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT {
            throw FileError(path: path, operation: "remove", code: errno)
        }
        syncDirectory(of: path)
    }

    /// The content of `path`, or nil when it does not exist.
    static func read(_ path: String) throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError(path: path, operation: "read", code: EIO)
        }
        return Array(data)
    }

    /// Creates `path` and its parents, mode 0700.
    static func makeDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }

    /// The names in a directory that end with `suffix` (and are not temporary files), sorted.
    static func names(in directory: String, suffix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(suffix) && !$0.contains(".tmp-") }
            .sorted()
    }

    private static func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
        #else
        Darwin.write(fd, buffer, count)
        #endif
    }

    private static func syncDirectory(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
