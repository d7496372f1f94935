// swift-tools-version: 6.1
import PackageDescription

/// A Debian C library reached through pkg-config.
func systemLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, path: "Sources/CLibraries/\(name)", pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "Bulwark",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bulwark", targets: ["bulwark"]),
        .library(name: "BulwarkCore", targets: ["BulwarkCore"]),
        .library(name: "PDQ", targets: ["PDQ"]),
        .library(name: "MediaDecoding", targets: ["MediaDecoding"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(name: "BulwarkCore"),

        systemLibrary("CJPEG", pkgConfig: "libjpeg", apt: "libjpeg62-turbo-dev"),
        systemLibrary("CPNG", pkgConfig: "libpng", apt: "libpng-dev"),
        systemLibrary("CWebP", pkgConfig: "libwebp", apt: "libwebp-dev"),
        systemLibrary("CGIF", pkgConfig: "libgif", apt: "libgif-dev"),
        systemLibrary("CHeif", pkgConfig: "libheif", apt: "libheif-dev"),
        systemLibrary("CTIFF", pkgConfig: "libtiff-4", apt: "libtiff-dev"),
        .target(name: "CImageShims", dependencies: ["CJPEG", "CPNG"], path: "Sources/CLibraries/CImageShims"),
        .target(
            name: "MediaDecoding",
            dependencies: ["BulwarkCore", "CJPEG", "CPNG", "CWebP", "CGIF", "CHeif", "CTIFF", "CImageShims"]
        ),

        .target(name: "PDQ", dependencies: ["BulwarkCore"]),

        .target(
            name: "Pipeline",
            dependencies: [
                "BulwarkCore", "MediaDecoding", "PDQ",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        .executableTarget(
            name: "bulwark",
            dependencies: [
                "BulwarkCore", "MediaDecoding", "PDQ", "Pipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "BulwarkCoreTests", dependencies: ["BulwarkCore"]),
        .testTarget(name: "PDQTests", dependencies: ["PDQ", "MediaDecoding"]),
        .testTarget(name: "MediaDecodingTests", dependencies: ["MediaDecoding"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline"]),
        .testTarget(name: "CLITests", dependencies: ["bulwark"]),
    ],
    swiftLanguageModes: [.v6]
)
