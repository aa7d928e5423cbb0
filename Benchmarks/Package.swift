// swift-tools-version: 6.1
// Benchmarks of swift-vdl: a separate package, so the root package keeps no benchmark
// target. It uses the compiler library of the root package by path. Run: Benchmarks/run.sh
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
    ],
    targets: [
        .executableTarget(
            name: "VDLBenchmarks",
            dependencies: [.product(name: "VDLCompiler", package: rootPackage)],
            path: "Sources/VDLBenchmarks"
        ),
    ],
    swiftLanguageModes: [.v6]
)
