// swift-tools-version: 6.1
// libFuzzer targets of swift-vdl: a separate package, so the root package keeps no fuzz target.
// It uses the root package by path. Run: Fuzz/run.sh [SECONDS] (builds with -sanitize=fuzzer,address).
//
//   FuzzFrameDecoder  the NIO frame decoder (and encoder, and a server connection) on a byte stream
//   FuzzCodec         proto3 decoding of wire frames, vdl.Error, vdl.Any and a message of every
//                     field kind (testing/features), with decode(encode(x)) == x on every success
//   FuzzParser        the VDL compiler (lexer, parser, loader, checker, IR, both emitters) on one file
//
// How it is built (Fuzz/run.sh): every Swift module, the root package's and its dependencies',
// is compiled with AddressSanitizer and libFuzzer's coverage instrumentation
// (-sanitize=address -sanitize-coverage=edge,indirect-calls,trace-cmp,inline-8bit-counters,pc-table),
// but only the three fuzzers link libFuzzer (the -sanitize=fuzzer linker flag below): the build
// plugin's vdlc, built by the same command, must stay a normal program. (`-Xswiftc
// -sanitize=fuzzer` for the whole build links libFuzzer's main into vdlc too, whose link then
// fails for want of LLVMFuzzerTestOneInput.)
import Foundation
import PackageDescription

/// Links libFuzzer (its driver; SwiftPM's `--defsym main=<Module>_main` picks each fuzzer's entry).
let fuzzerLink: [LinkerSetting] = [.unsafeFlags(["-sanitize=fuzzer"])]

// A path dependency's identity is the name of its directory, which is not always the same
// (a CI clone may live elsewhere): take it from where this package is.
let rootPackage = URL(fileURLWithPath: Context.packageDirectory)
    .deletingLastPathComponent()
    .lastPathComponent

let package = Package(
    name: "VDLFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // What the three fuzzers share: the seed-writing mode and libFuzzer's driver entry.
        .target(name: "FuzzSupport", path: "Sources/FuzzSupport"),
        .executableTarget(
            name: "FuzzFrameDecoder",
            dependencies: [
                "FuzzSupport",
                .product(name: "VDLTransport", package: rootPackage),
                .product(name: "VDLWire", package: rootPackage),
                .product(name: "VDLRPC", package: rootPackage),
                .product(name: "VDLSecurity", package: rootPackage),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/FuzzFrameDecoder",
            linkerSettings: fuzzerLink
        ),
        .executableTarget(
            name: "FuzzCodec",
            dependencies: [
                "FuzzSupport",
                .product(name: "VDLTransport", package: rootPackage),
                .product(name: "VDLWire", package: rootPackage),
                .product(name: "VDLRPC", package: rootPackage),
            ],
            path: "Sources/FuzzCodec",
            exclude: ["vdl-config.json"],
            // Generates testing/features (every field kind) and security/access from ../idl.
            linkerSettings: fuzzerLink,
            plugins: [.plugin(name: "VDLGeneratorPlugin", package: rootPackage)]
        ),
        .executableTarget(
            name: "FuzzParser",
            dependencies: [
                "FuzzSupport",
                .product(name: "VDLCompiler", package: rootPackage),
            ],
            path: "Sources/FuzzParser",
            linkerSettings: fuzzerLink
        ),
    ],
    swiftLanguageModes: [.v6]
)
