import Foundation

extension Principal {
    /// The environment variable naming a credentials directory when no `--credentials` flag is given.
    public static let credentialsEnvironmentVariable = "VDL_CREDENTIALS"
    /// The environment variable that names the socket of an agent lending its principal (what
    /// the pod agent sets on every container of a pod; see `Principal.fromAgent(socketPath:)`).
    public static let agentEnvironmentVariable = "VDL_AGENT_PATH"

    /// The credentials directory a command should use: the flag's value, else
    /// `$VDL_CREDENTIALS`, else nil.
    public static func credentialsDirectory(flag: String?) -> String? {
        if let flag, !flag.isEmpty { return flag }
        if let variable = ProcessInfo.processInfo.environment[credentialsEnvironmentVariable], !variable.isEmpty { return variable }
        return nil
    }
}
