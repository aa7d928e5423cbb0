import ArgumentParser
import Foundation
import VDLReflection
import VDLRPC
import VDLSecurity
import VDLTransport
import VDLWire

/// `vrpc`: the generic client. Reads a server's signature (`__Signature`) and calls any method
/// with JSON arguments converted through it.
@main
struct VRPC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vrpc", abstract: "Inspect and call any swift-vdl server.",
        discussion: """
            TARGET is host:port, unix:PATH, or /(pattern)@host:port to require the server's \
            blessings. See docs/vrpc.md.
            """,
        subcommands: [SignatureCommand.self, IdentifyCommand.self, CallCommand.self])
}

/// A problem with what the user asked (unknown method, wrong arguments): exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
}

/// Runs a command body, printing failures on stderr: exit 1 for a failed call or connection,
/// 2 for a usage error.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as UsageError {
        printError(error.description)
        throw ExitCode(2)
    } catch let error as ReflectionError {
        printError("\(error)")
        throw ExitCode(2)
    } catch let error as VDLError {
        printError("\(error)")
        throw ExitCode(1)
    } catch {
        printError("\(error)")
        throw ExitCode(1)
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("vrpc: \(message)\n".utf8))
}

/// Prints one line and flushes, so a reader of a pipe sees streamed items at once.
func printLine(_ line: String) {
    print(line)
    fflush(nil)
}
