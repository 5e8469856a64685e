// swift-tools-version: 6.2
import PackageDescription

/// Strict settings shared by every Swift target.
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "chaos",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "chaos", targets: ["chaos"]),
        .library(name: "ChaosKit", targets: ["ChaosKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "CSpawn"),
        .target(
            name: "ChaosKit",
            dependencies: [
                "CLibPQ",
                "CCurl",
                "CSpawn",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "chaos",
            dependencies: [
                "ChaosKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "ChaosBench",
            dependencies: ["ChaosKit"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MeasurementIntegrationTests",
            dependencies: ["ChaosKit"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ChaosKitTests",
            dependencies: ["ChaosKit"],
            resources: [.copy("Malformed"), .copy("Metrics")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CommandLineTests",
            dependencies: ["ChaosKit"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LabTests",
            dependencies: ["ChaosKit"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DockerTests",
            dependencies: ["ChaosKit"],
            swiftSettings: strictSettings
        ),
    ]
)
