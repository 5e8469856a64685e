// swift-tools-version: 6.2
// chaos runs on Linux only, in fact and on purpose: the lab lives in network namespaces, faults use
// iptables, tc and signals, process identity is read from /proc, and CSpawn uses glibc's closefrom. It is
// built and tested on Debian 12 (see README); ChaosKit refuses to compile elsewhere (Support/LinuxOnly.swift).
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
    products: [
        .executable(name: "chaos", targets: ["chaos"]),
        .library(name: "ChaosKit", targets: ["ChaosKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
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
                .product(name: "FlyingFox", package: "FlyingFox"),
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
            resources: [.copy("Malformed"), .copy("Metrics"), .copy("Pgbench")],
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
