// swift-tools-version:6.2
import PackageDescription

/// Every target of the project: explicit existentials, and no warning lets a build pass.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .treatAllWarnings(as: .error),
]

/// The replay's hot loops touch class-owned state per sample; release builds skip the dynamic
/// exclusivity checks there (the compile-time checks still apply).
let hot: [SwiftSetting] =
    strict + [
        .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
    ]

let package = Package(
    name: "opexsim",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "opexsim", targets: ["opexsim"]),
        .library(name: "OpexsimTraces", targets: ["OpexsimTraces"]),
        .library(name: "OpexsimPolicies", targets: ["OpexsimPolicies"]),
        .library(name: "OpexsimModelFiles", targets: ["OpexsimModelFiles"]),
        .library(name: "OpexsimPricing", targets: ["OpexsimPricing"]),
        .library(name: "OpexsimFailures", targets: ["OpexsimFailures"]),
        .library(name: "OpexsimMetrics", targets: ["OpexsimMetrics"]),
        .library(name: "OpexsimEngine", targets: ["OpexsimEngine"]),
        .library(name: "OpexsimReports", targets: ["OpexsimReports"]),
        .library(name: "OpexsimSamples", targets: ["OpexsimSamples"]),
        .library(name: "OpexsimImport", targets: ["OpexsimImport"]),
        .library(name: "OpexsimSweeps", targets: ["OpexsimSweeps"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .target(name: "OpexsimTraces", swiftSettings: strict),
        .target(
            name: "OpexsimPolicies",
            dependencies: ["OpexsimTraces", "OpexsimModelFiles"],
            swiftSettings: hot),
        .target(
            name: "OpexsimModelFiles",
            dependencies: ["OpexsimTraces", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict),
        .target(
            name: "OpexsimPricing",
            dependencies: ["OpexsimTraces", "OpexsimModelFiles", .product(name: "Yams", package: "Yams")],
            swiftSettings: hot),
        .target(name: "OpexsimFailures", dependencies: ["OpexsimTraces", "OpexsimModelFiles"], swiftSettings: strict),
        .target(
            name: "OpexsimMetrics",
            dependencies: ["OpexsimTraces", "OpexsimPricing", "OpexsimPolicies", "OpexsimFailures"],
            swiftSettings: strict),
        .target(name: "CacheHints"),
        .target(
            name: "OpexsimEngine",
            dependencies: [
                "OpexsimTraces", "OpexsimPolicies", "OpexsimPricing", "OpexsimMetrics", "OpexsimFailures", "CacheHints",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: hot),
        .target(
            name: "OpexsimReports",
            dependencies: [
                "OpexsimTraces", "OpexsimMetrics", "OpexsimEngine", "OpexsimPolicies", "OpexsimPricing",
                "OpexsimFailures", "OpexsimModelFiles",
            ],
            swiftSettings: strict),
        .target(name: "OpexsimSamples", dependencies: ["OpexsimTraces", "OpexsimEngine"], swiftSettings: strict),
        .target(name: "OpexsimImport", dependencies: ["OpexsimTraces"], swiftSettings: strict),
        .target(
            name: "OpexsimSweeps",
            dependencies: [
                "OpexsimTraces", "OpexsimPolicies", "OpexsimPricing", "OpexsimFailures", "OpexsimEngine",
                "OpexsimReports", "OpexsimModelFiles",
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "opexsim",
            dependencies: [
                "OpexsimTraces", "OpexsimPolicies", "OpexsimPricing", "OpexsimMetrics",
                "OpexsimEngine", "OpexsimReports", "OpexsimSamples", "OpexsimImport", "OpexsimFailures",
                "OpexsimModelFiles", "OpexsimSweeps",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .target(
            name: "OpexsimTestSupport",
            dependencies: ["OpexsimTraces", "OpexsimPolicies", "OpexsimMetrics", "OpexsimEngine"],
            path: "Tests/OpexsimTestSupport", swiftSettings: strict),
        .testTarget(
            name: "OpexsimTracesTests", dependencies: ["OpexsimTraces", "OpexsimTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "OpexsimSamplesTests", dependencies: ["OpexsimSamples", "OpexsimTraces"], swiftSettings: strict),
        .testTarget(
            name: "OpexsimPoliciesTests",
            dependencies: [
                "OpexsimPolicies", "OpexsimTraces", "OpexsimEngine", "OpexsimMetrics", "OpexsimFailures",
                "OpexsimPricing", "OpexsimTestSupport",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "OpexsimPricingTests", dependencies: ["OpexsimPricing", "OpexsimModelFiles"], swiftSettings: strict),
        .testTarget(
            name: "OpexsimFailuresTests",
            dependencies: ["OpexsimFailures", "OpexsimTraces", "OpexsimModelFiles", "OpexsimTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "OpexsimMetricsTests",
            dependencies: ["OpexsimMetrics", "OpexsimTraces", "OpexsimPricing", "OpexsimPolicies"],
            swiftSettings: strict),
        .testTarget(
            name: "OpexsimEngineTests",
            dependencies: [
                "OpexsimEngine", "OpexsimTraces", "OpexsimPolicies", "OpexsimPricing", "OpexsimMetrics",
                "OpexsimFailures",
                "OpexsimTestSupport",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "OpexsimReportsTests",
            dependencies: [
                "OpexsimReports", "OpexsimEngine", "OpexsimTraces", "OpexsimPolicies", "OpexsimPricing",
                "OpexsimSamples", "OpexsimFailures",
                "OpexsimMetrics",
            ],
            exclude: ["Golden"], swiftSettings: strict),
        .testTarget(
            name: "OpexsimImportTests",
            dependencies: [
                "OpexsimImport", "OpexsimTraces", "OpexsimEngine", "OpexsimPolicies", "OpexsimPricing",
                "OpexsimMetrics", "OpexsimTestSupport",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "OpexsimCLITests", dependencies: ["opexsim", .product(name: "Yams", package: "Yams")],
            exclude: ["UpstreamCorpus", "kubernetes-schemas"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
