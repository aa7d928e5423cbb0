// swift-tools-version: 6.1
// Benchmarks of swift-vdl: a separate package, so the root package keeps no benchmark
// target. It uses the root package by path. Run: Benchmarks/run.sh (code generation) and
// Benchmarks/run-rpc.sh (runtime: RPC and codec, next to grpc-swift-2 and swift-protobuf).
import Foundation
import PackageDescription

// A path dependency's identity is the name of its directory, which is not always the same
// (a CI clone may live elsewhere): take it from where this package is.
let rootPackage = URL(fileURLWithPath: Context.packageDirectory)
    .deletingLastPathComponent()
    .lastPathComponent

let package = Package(
    name: "VDLBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        // The peers of the runtime benchmark. Their generated code (Sources/RPCBenchmarks/Generated)
        // is committed: no protoc plugin runs in this build (see Benchmarks/generate-proto.sh).
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.0"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.0"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.38.0", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.96.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
        // The TLS scenario: certificates for grpc-swift-2's TLS, made at start (already in the graph
        // through the root package's VDLSecurity).
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
    ],
    targets: [
        .executableTarget(
            name: "VDLBenchmarks",
            dependencies: [.product(name: "VDLCompiler", package: rootPackage)],
            path: "Sources/VDLBenchmarks"
        ),
        // Runtime benchmarks: unary and streaming RPCs of swift-vdl, grpc-swift-2 and a raw NIO
        // echo, the VDLWire codec against swift-protobuf, server memory per idle connection, and
        // TLS (handshake cost and unary calls over TLS, swift-vdl next to grpc-swift-2).
        // The swift-vdl code of idl/bench comes from the root package's build plugin.
        .executableTarget(
            name: "RPCBenchmarks",
            dependencies: [
                .product(name: "VDLWire", package: rootPackage),
                .product(name: "VDLRPC", package: rootPackage),
                .product(name: "VDLTransport", package: rootPackage),
                .product(name: "VDLSecurity", package: rootPackage),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Sources/RPCBenchmarks",
            exclude: ["vdl-config.json"],
            plugins: [.plugin(name: "VDLGeneratorPlugin", package: rootPackage)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
