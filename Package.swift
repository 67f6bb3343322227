// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Rebound",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rebound", targets: ["rebound"]),
        .library(name: "ReboundKit", targets: ["ReboundKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.20.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCMark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(name: "NoNetwork"),
        .executableTarget(name: "EmbedTool"),
        .plugin(
            name: "EmbedResources",
            capability: .buildTool(),
            dependencies: ["EmbedTool"]
        ),
        .target(
            name: "ReboundKit",
            dependencies: [
                "CCMark",
                .product(name: "Yams", package: "Yams"),
                .product(name: "FlyingFox", package: "FlyingFox"),
            ],
            plugins: ["EmbedResources"]
        ),
        .executableTarget(
            name: "rebound",
            dependencies: [
                "ReboundKit",
                "NoNetwork",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "ReboundTestSupport",
            dependencies: ["ReboundKit"],
            path: "Tests/ReboundTestSupport"
        ),
        .testTarget(
            name: "ReboundKitTests",
            dependencies: ["ReboundKit", "ReboundTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ReboundCLITests",
            dependencies: ["ReboundTestSupport", "rebound"]
        ),
    ]
)
