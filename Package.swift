// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "swift-vdl",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "VDLWire", targets: ["VDLWire"]),
        .library(name: "VDLRPC", targets: ["VDLRPC"]),
        .library(name: "VDLSecurity", targets: ["VDLSecurity"]),
        .library(name: "VDLTransport", targets: ["VDLTransport"]),
        .library(name: "VDLReflection", targets: ["VDLReflection"]),
        .library(name: "VDLCompiler", targets: ["VDLCompiler"]),
        .executable(name: "vdlc", targets: ["vdlc"]),
        .executable(name: "fortuned", targets: ["fortuned"]),
        .executable(name: "fortune", targets: ["fortune"]),
        .executable(name: "principal", targets: ["principal"]),
        .library(name: "VDLNaming", targets: ["VDLNaming"]),
        .library(name: "Kubernetes", targets: ["Kubernetes"]),
        .executable(name: "mounttabled", targets: ["mounttabled"]),
        .executable(name: "namespace", targets: ["namespace"]),
        .executable(name: "cluster_agentd", targets: ["cluster_agentd"]),
        .executable(name: "cluster_agent", targets: ["cluster_agent"]),
        .executable(name: "pod_agentd", targets: ["pod_agentd"]),
        .executable(name: "allocatord", targets: ["allocatord"]),
        .executable(name: "allocator", targets: ["allocator"]),
        .executable(name: "allocator-demo", targets: ["allocator-demo"]),
        .executable(name: "vrpc", targets: ["vrpc"]),
        .executable(name: "vkube", targets: ["vkube"]),
        .library(name: "Provision", targets: ["Provision"]),
        .executable(name: "reservation-stored", targets: ["reservation-stored"]),
        .executable(name: "provisiond", targets: ["provisiond"]),
        .executable(name: "provision", targets: ["provision"]),
        .plugin(name: "VDLGeneratorPlugin", targets: ["VDLGeneratorPlugin"]),
        .plugin(name: "VDLGenerateCommand", targets: ["VDLGenerateCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // Runtime: the proto3 codec the generated code calls.
        .target(name: "VDLWire", path: "Sources/VDLWire"),
        // Runtime: principals, blessings, caveats, access lists and authorizers.
        .target(
            name: "VDLSecurity",
            dependencies: [
                "VDLWire",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            path: "Sources/VDLSecurity",
            exclude: ["vdl-config.json"],
            plugins: ["VDLGeneratorPlugin"]
        ),
        // Runtime: descriptors and the call surface of generated stubs.
        // (It generates idl/signature, the messages of the reserved method __Signature.)
        .target(
            name: "VDLRPC", dependencies: ["VDLWire", "VDLSecurity"], path: "Sources/VDLRPC",
            exclude: ["vdl-config.json"],
            plugins: ["VDLGeneratorPlugin"]
        ),
        // Reflection: JSON <-> proto3 through a signature's types, and interfaces in VDL syntax.
        .target(name: "VDLReflection", dependencies: ["VDLWire", "VDLRPC"], path: "Sources/VDLReflection"),

        // Runtime: the wire protocol over SwiftNIO (framing, connections, client, server).
        .target(
            name: "VDLTransport",
            dependencies: [
                "VDLWire", "VDLRPC", "VDLSecurity",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/VDLTransport",
            exclude: ["vdl-config.json"],
            plugins: ["VDLGeneratorPlugin"]
        ),

        // The fortune example: the service as a library, a server and a CLI.
        .target(
            name: "FortuneService",
            dependencies: ["VDLWire", "VDLRPC", "VDLSecurity"],
            path: "Sources/FortuneService",
            exclude: ["vdl-config.json"],
            plugins: ["VDLGeneratorPlugin"]
        ),
        .target(
            name: "FortuneDaemon",
            dependencies: [
                "VDLCommandLine", "FortuneService", "VDLTransport", "VDLSecurity", "VDLNaming",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/FortuneDaemon"
        ),
        .executableTarget(name: "fortuned", dependencies: ["FortuneDaemon"], path: "Sources/fortuned"),
        .executableTarget(
            name: "fortune",
            dependencies: [
                "VDLCommandLine", "FortuneService", "VDLTransport", "VDLRPC", "VDLWire", "VDLSecurity", "VDLNaming",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/fortune"
        ),

        // The `vrpc` CLI: signature, identify and call any server.
        .executableTarget(
            name: "vrpc",
            dependencies: [
                "VDLCommandLine", "VDLReflection", "VDLNaming", "VDLTransport", "VDLRPC", "VDLWire", "VDLSecurity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/vrpc"
        ),

        // The provision service: the reservation store, the node daemon and the CLI.
        .target(
            name: "Provision",
            dependencies: [
                "VDLWire", "VDLRPC", "VDLSecurity",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Provision",
            exclude: ["vdl-config.json"],
            plugins: ["VDLGeneratorPlugin"]
        ),
        .executableTarget(
            name: "reservation-stored",
            dependencies: [
                "VDLNaming", "VDLCommandLine", "Provision", "VDLTransport", "VDLSecurity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/reservation-stored"
        ),
        .executableTarget(
            name: "provisiond",
            dependencies: [
                "VDLNaming", "VDLCommandLine", "Provision", "VDLTransport", "VDLSecurity", "VDLRPC",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/provisiond"
        ),
        .executableTarget(
            name: "provision",
            dependencies: [
                "VDLNaming", "VDLCommandLine", "Provision", "VDLTransport", "VDLRPC", "VDLWire", "VDLSecurity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/provision"
        ),

        // The `principal` CLI: create and inspect credentials, bless, recognize roots.
        .executableTarget(
            name: "principal",
            dependencies: [
                "VDLSecurity", "VDLWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/principal"
        ),

        // What every command shares: error reporting and exit statuses, --log-level.
        .target(
            name: "VDLCommandLine",
            dependencies: [
                "VDLNaming", "VDLSecurity", "VDLTransport", "VDLWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/VDLCommandLine"
        ),

        // Naming: object names, the namespace client, publishing servers under names.
        .target(
            name: "VDLNaming",
            dependencies: [
                "VDLWire", "VDLRPC", "VDLSecurity", "VDLTransport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/VDLNaming",
            exclude: ["vdl-config.json"],
            plugins: ["VDLGeneratorPlugin"]
        ),
        // The mount table service, its server and the `namespace` CLI.
        .target(
            name: "MountTable",
            dependencies: [
                "VDLNaming", "VDLWire", "VDLRPC", "VDLSecurity",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/MountTable"
        ),
        .executableTarget(
            name: "mounttabled",
            dependencies: [
                "VDLCommandLine", "MountTable", "VDLNaming", "VDLTransport", "VDLSecurity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/mounttabled"
        ),
        .executableTarget(
            name: "namespace",
            dependencies: [
                "VDLCommandLine", "VDLNaming", "VDLTransport", "VDLRPC", "VDLWire", "VDLSecurity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/namespace"
        ),

        // The cluster agent (blessings behind secrets), the pod agent, and their commands.
        .target(
            name: "ClusterAgent",
            dependencies: [
                "VDLWire", "VDLRPC", "VDLSecurity",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/ClusterAgent",
            exclude: ["vdl-config.json"],
            plugins: ["VDLGeneratorPlugin"]
        ),
        .executableTarget(
            name: "cluster_agentd",
            dependencies: [
                "VDLCommandLine", "ClusterAgent", "VDLNaming", "VDLTransport", "VDLSecurity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/cluster_agentd"
        ),
        .executableTarget(
            name: "cluster_agent",
            dependencies: [
                "VDLCommandLine", "ClusterAgent", "VDLNaming", "VDLTransport", "VDLRPC", "VDLSecurity", "VDLWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/cluster_agent"
        ),
        .executableTarget(
            name: "pod_agentd",
            dependencies: [
                "VDLCommandLine", "ClusterAgent", "VDLNaming", "VDLTransport", "VDLRPC", "VDLSecurity", "VDLWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/pod_agentd"
        ),

        // The README's main job: the allocator on the local backend, end to end, in one process.
        .executableTarget(
            name: "allocator-demo",
            dependencies: [
                "Allocator", "FortuneDaemon", "FortuneService", "MountTable", "VDLNaming", "VDLRPC", "VDLSecurity", "VDLTransport", "VDLWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/allocator-demo"
        ),

        // A typed client of the Kubernetes REST API, shared by the allocator and vkube.
        .target(
            name: "Kubernetes",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Sources/Kubernetes"
        ),

        // vkube: deploying apps on Kubernetes with the pod agent injected (also used by the
        // allocator's Kubernetes backend).
        .target(
            name: "VKube",
            dependencies: ["Kubernetes", "ClusterAgent", "VDLSecurity", "VDLRPC", "VDLWire"],
            path: "Sources/VKube"
        ),
        .executableTarget(
            name: "vkube",
            dependencies: [
                "VDLCommandLine", "VKube", "Kubernetes", "ClusterAgent", "VDLNaming", "VDLTransport", "VDLRPC", "VDLSecurity", "VDLWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/VKubeCLI"
        ),

        // The allocator: per-user instances from a deployment template, its server and CLI.
        .target(
            name: "Allocator",
            dependencies: [
                "VDLWire", "VDLRPC", "VDLSecurity", "ClusterAgent", "Kubernetes", "VKube",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Allocator",
            exclude: ["vdl-config.json"],
            plugins: ["VDLGeneratorPlugin"]
        ),
        .executableTarget(
            name: "allocatord",
            dependencies: [
                "VDLCommandLine", "Allocator", "ClusterAgent", "Kubernetes", "VDLNaming", "VDLTransport", "VDLSecurity", "VDLRPC",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/allocatord"
        ),
        .executableTarget(
            name: "allocator",
            dependencies: [
                "VDLCommandLine", "Allocator", "VDLNaming", "VDLTransport", "VDLRPC", "VDLSecurity", "VDLWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/allocator"
        ),

        // The compiler: lex, parse, resolve, check, IR, emit.
        .target(
            name: "VDLCompiler",
            dependencies: [.product(name: "BigInt", package: "BigInt")],
            path: "generator/Sources/VDLCompiler"
        ),
        .executableTarget(
            name: "vdlc",
            dependencies: [
                "VDLCompiler",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "generator/Sources/vdlc"
        ),

        .plugin(
            name: "VDLGeneratorPlugin",
            capability: .buildTool(),
            dependencies: ["vdlc"],
            path: "Plugins/VDLGeneratorPlugin"
        ),
        .plugin(
            name: "VDLGenerateCommand",
            capability: .command(
                intent: .custom(verb: "generate-vdl", description: "Write the Swift and proto3 output of idl/ into the tree"),
                permissions: [.writeToPackageDirectory(reason: "writes generated stubs")]
            ),
            dependencies: ["vdlc"],
            path: "Plugins/VDLGenerateCommand"
        ),

        .testTarget(name: "VDLWireTests", dependencies: ["VDLWire"], path: "Tests/VDLWireTests"),
        .testTarget(name: "VDLSecurityTests", dependencies: ["VDLSecurity", "VDLWire"], path: "Tests/VDLSecurityTests"),
        .testTarget(
            name: "VDLCompilerTests",
            dependencies: ["VDLCompiler", "ProcessTestSupport"],
            path: "Tests/VDLCompilerTests",
            resources: [.copy("Golden"), .copy("Invalid")]
        ),
        .testTarget(
            name: "VDLTransportTests",
            dependencies: [
                "VDLWire", "VDLRPC", "VDLSecurity", "VDLTransport", "ProcessTestSupport", "VDLReflection",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Tests/VDLTransportTests",
            exclude: ["vdl-config.json"],
            plugins: ["VDLGeneratorPlugin"]
        ),
        .testTarget(
            name: "ProvisionTests",
            dependencies: ["Provision", "VDLWire", "VDLRPC", "VDLSecurity", "VDLTransport", "ProcessTestSupport"],
            path: "Tests/ProvisionTests"
        ),
        .testTarget(
            name: "VDLNamingTests",
            dependencies: ["VDLNaming", "MountTable", "FortuneService", "VDLTransport", "VDLRPC", "VDLSecurity", "VDLWire", "ProcessTestSupport"],
            path: "Tests/VDLNamingTests"
        ),
        .testTarget(
            name: "ClusterAgentTests",
            dependencies: ["ClusterAgent", "VDLNaming", "VDLTransport", "VDLRPC", "VDLSecurity", "VDLWire", "ProcessTestSupport"],
            path: "Tests/ClusterAgentTests"
        ),
        // Runs the package's executables from tests without blocking the cooperative pool.
        .target(name: "ProcessTestSupport", path: "Tests/ProcessTestSupport"),
        // Starts kmock and the other Python test servers on 127.0.0.1 for the tests.
        .target(
            name: "KubernetesTestSupport",
            dependencies: ["Kubernetes"],
            path: "Tests/KubernetesTestSupport"
        ),
        .testTarget(
            name: "KubernetesTests",
            dependencies: ["Kubernetes", "KubernetesTestSupport"],
            path: "Tests/KubernetesTests",
            exclude: ["kmock_server.py", "strict_api_server.py", "tls_server.py"]
        ),
        .testTarget(
            name: "VKubeTests",
            dependencies: ["VKube", "Kubernetes", "KubernetesTestSupport"],
            path: "Tests/VKubeTests",
            resources: [.copy("Golden")]
        ),
        .testTarget(
            name: "AllocatorTests",
            dependencies: [
                "Allocator", "ClusterAgent", "FortuneService", "Kubernetes", "KubernetesTestSupport", "MountTable", "ProcessTestSupport",
                "VDLNaming", "VDLRPC", "VDLSecurity", "VDLTransport", "VDLWire",
            ],
            path: "Tests/AllocatorTests"
        ),
        // The generated code of idl/, compiled through the build plugin.
        .testTarget(
            name: "GeneratedCodeTests",
            dependencies: ["VDLWire", "VDLRPC", "VDLCompiler", "VDLReflection", "ProcessTestSupport"],
            path: "Tests/GeneratedCodeTests",
            exclude: ["vdl-config.json"],
            plugins: ["VDLGeneratorPlugin"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
