// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "swift-vdl",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "VDLWire", targets: ["VDLWire"]),
        .library(name: "VDLRPC", targets: ["VDLRPC"]),
        .library(name: "VDLCompiler", targets: ["VDLCompiler"]),
        .executable(name: "vdlc", targets: ["vdlc"]),
        .plugin(name: "VDLGeneratorPlugin", targets: ["VDLGeneratorPlugin"]),
        .plugin(name: "VDLGenerateCommand", targets: ["VDLGenerateCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.0"),
    ],
    targets: [
        // Runtime: the proto3 codec the generated code calls.
        .target(name: "VDLWire", path: "Sources/VDLWire"),
        // Runtime: descriptors and the call surface of generated stubs.
        .target(name: "VDLRPC", dependencies: ["VDLWire"], path: "Sources/VDLRPC"),

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
        .testTarget(
            name: "VDLCompilerTests",
            dependencies: ["VDLCompiler"],
            path: "Tests/VDLCompilerTests",
            resources: [.copy("Golden"), .copy("Invalid")]
        ),
        // The generated code of idl/, compiled through the build plugin.
        .testTarget(
            name: "GeneratedCodeTests",
            dependencies: ["VDLWire", "VDLRPC", "VDLCompiler"],
            path: "Tests/GeneratedCodeTests",
            exclude: ["vdl-config.json"],
            plugins: ["VDLGeneratorPlugin"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
