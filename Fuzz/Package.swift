// swift-tools-version:6.2
import Foundation
import PackageDescription

/// The parent package's identity is the name of its folder, which differs between checkouts.
let parentName = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent

/// One libFuzzer target per input format: the name of its executable (`fuzz-NAME`), of its folder
/// under `Sources/` and of its seed corpus under `corpus/`. `Fuzz/run.sh` builds them with
/// `-sanitize=fuzzer,address`; libFuzzer supplies `main`, so the sources are parsed as a library.
let targets = [
    "canonical-reader", "trace-cache", "json-scanner", "prometheus", "google2019", "bitbrains", "nezha", "azure",
    "alibaba2018", "failures", "pricing", "vpa-manifest", "policy-spec",
]

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "OpexsimFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "OpexsimTraces", package: parentName),
                .product(name: "OpexsimImport", package: parentName),
            ],
            swiftSettings: strict)
    ]
        + targets.map { name in
            .executableTarget(
                name: "fuzz-\(name)",
                dependencies: [
                    "FuzzSupport",
                    .product(name: "OpexsimTraces", package: parentName),
                    .product(name: "OpexsimImport", package: parentName),
                    .product(name: "OpexsimFailures", package: parentName),
                    .product(name: "OpexsimPricing", package: parentName),
                    .product(name: "OpexsimPolicies", package: parentName),
                ],
                path: "Sources/\(name)",
                swiftSettings: strict + [.unsafeFlags(["-parse-as-library"])])
        },
    swiftLanguageModes: [.v6]
)
