import Foundation

extension Principal {
    /// The environment variable naming a credentials directory when no `--credentials` flag is given.
    public static let credentialsEnvironmentVariable = "VDL_CREDENTIALS"

    /// The credentials directory a command should use: the flag's value, else
    /// `$VDL_CREDENTIALS`, else nil.
    public static func credentialsDirectory(flag: String?) -> String? {
        if let flag, !flag.isEmpty { return flag }
        if let variable = ProcessInfo.processInfo.environment[credentialsEnvironmentVariable], !variable.isEmpty { return variable }
        return nil
    }
}
