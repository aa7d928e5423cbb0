import ArgumentParser
import Foundation
import VDLNaming
import VDLSecurity
import VDLTransport
import VDLWire

/// Runs a command's body and turns its failures into a line on standard error, prefixed with
/// the command's name, and an exit status: 1 for a call that failed (a VDL error from a
/// server, or one the client raised), 2 for bad input (a malformed name or address, unusable
/// credentials, invalid permissions).
public func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as VDLError {
        printError("\(error)")
        throw ExitCode(1)
    } catch let error as NameError {
        printError("\(error)")
        throw ExitCode(2)
    } catch let error as ServerAddress.AddressError {
        printError("\(error)")
        throw ExitCode(2)
    } catch let error as SecurityError {
        printError("\(error)")
        throw ExitCode(2)
    }
}

/// Writes `message` to standard error as `<command>: <message>`.
public func printError(_ message: String) {
    let command = URL(fileURLWithPath: CommandLine.arguments.first ?? "vdl").lastPathComponent
    FileHandle.standardError.write(Data("\(command): \(message)\n".utf8))
}
