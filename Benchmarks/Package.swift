// swift-tools-version:6.1
import Foundation
import PackageDescription

/// The parent package's identity is the name of its folder, which differs between checkouts.
let parentName = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent

let package = Package(
    name: "OpexsimBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "OpexsimBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "OpexsimTraces", package: parentName),
                .product(name: "OpexsimPolicies", package: parentName),
                .product(name: "OpexsimEngine", package: parentName),
                .product(name: "OpexsimSamples", package: parentName),
                .product(name: "OpexsimFailures", package: parentName),
                .product(name: "OpexsimPricing", package: parentName),
            ],
            path: "Benchmarks/OpexsimBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        )
    ],
    swiftLanguageModes: [.v6]
)
