// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// A Debian C library reached through pkg-config.
func systemLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, path: "Sources/CLibraries/\(name)", pkgConfig: pkgConfig, providers: [.apt([apt])])
}

/// Hot numeric targets (PDQ, the match index) are compiled for AVX2 when the build machine has
/// it, like -march=native: Bulwark is built where it runs. Results do not change (no FMA
/// contraction; the PDQ differential test checks bit-identity).
let hostHasAVX2: Bool = {
    guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return false }
    let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }.map { Set($0.split(separator: " ")) } ?? []
    return ["avx2", "fma", "bmi2", "movbe", "f16c", "popcnt"].allSatisfy { flags.contains(Substring($0)) }
}()
let vectorSettings: [SwiftSetting] = hostHasAVX2 ? [.unsafeFlags(["-target-cpu", "haswell"])] : []

let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let postgres = Target.Dependency.product(name: "PostgresNIO", package: "postgres-nio")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
    name: "Bulwark",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bulwark", targets: ["bulwark"]),
        .library(name: "BulwarkCore", targets: ["BulwarkCore"]),
        .library(name: "PDQ", targets: ["PDQ"]),
        .library(name: "VideoHashing", targets: ["VideoHashing"]),
        .library(name: "MediaDecoding", targets: ["MediaDecoding"]),
        .library(name: "MatchIndex", targets: ["MatchIndex"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "TextSafety", targets: ["TextSafety"]),
        .library(name: "ContentCredentials", targets: ["ContentCredentials"]),
        .library(name: "Provenance", targets: ["Provenance"]),
        .library(name: "ModelScan", targets: ["ModelScan"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "DatasetScan", targets: ["DatasetScan"]),
        .library(name: "BulwarkServer", targets: ["BulwarkServer"]),
        .library(name: "Cases", targets: ["Cases"]),
        .library(name: "Audit", targets: ["Audit"]),
        .library(name: "Evidence", targets: ["Evidence"]),
        .library(name: "Reporting", targets: ["Reporting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .target(name: "BulwarkCore"),

        // Media: Debian's codec libraries, and C shims where they report errors by longjmp.
        systemLibrary("CJPEG", pkgConfig: "libjpeg", apt: "libjpeg62-turbo-dev"),
        systemLibrary("CWebP", pkgConfig: "libwebp", apt: "libwebp-dev"),
        systemLibrary("CGIF", pkgConfig: "libgif", apt: "libgif-dev"),
        systemLibrary("CHeif", pkgConfig: "libheif", apt: "libheif-dev"),
        systemLibrary("CTIFF", pkgConfig: "libtiff-4", apt: "libtiff-dev"),
        systemLibrary("CZlib", pkgConfig: "zlib", apt: "zlib1g-dev"),
        systemLibrary("CFFmpeg", pkgConfig: "libavformat", apt: "libavformat-dev"),
        .target(name: "CImageShims", dependencies: ["CJPEG"], path: "Sources/CLibraries/CImageShims"),
        .target(name: "CAllocator", path: "Sources/CLibraries/CAllocator"),
        .target(
            name: "MediaDecoding",
            dependencies: ["BulwarkCore", "CJPEG", "CWebP", "CGIF", "CHeif", "CTIFF", "CImageShims"]
        ),

        .target(name: "PDQ", dependencies: ["BulwarkCore"], swiftSettings: vectorSettings),
        .target(name: "VideoHashing", dependencies: ["BulwarkCore", "PDQ", "CFFmpeg"]),
        .target(name: "MatchIndex", dependencies: ["BulwarkCore"], swiftSettings: vectorSettings),
        .target(
            name: "Store",
            dependencies: [
                "BulwarkCore", crypto,
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "TextSafety", dependencies: ["BulwarkCore"], resources: [.copy("Resources")]),
        .target(
            name: "ContentCredentials",
            dependencies: [
                "BulwarkCore", crypto,
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .target(name: "Inflate", dependencies: ["CZlib"]),
        .target(name: "Provenance", dependencies: ["BulwarkCore", "Inflate", "ContentCredentials"]),
        .target(name: "ModelScan", dependencies: ["BulwarkCore", "Inflate", crypto]),

        .target(
            name: "Pipeline",
            dependencies: ["BulwarkCore", "MediaDecoding", "PDQ", "MatchIndex", "Store", "TextSafety", "Provenance", "ModelScan", "VideoHashing", crypto],
            swiftSettings: vectorSettings
        ),
        .target(name: "DatasetScan", dependencies: ["BulwarkCore", "MediaDecoding", "Pipeline"]),
        // Review: cases and their queue, the audit chain every door writes to, preserved evidence.
        .target(name: "Cases", dependencies: ["BulwarkCore", "Store", grdb, postgres, logging]),
        .target(name: "Audit", dependencies: ["BulwarkCore", "Store", crypto, grdb, postgres, logging]),
        .target(name: "Evidence", dependencies: ["BulwarkCore", "Store", crypto, grdb, postgres, logging]),
        .target(name: "Reporting", dependencies: [
            "BulwarkCore", "Store", "Cases", "Evidence", crypto, grdb, postgres, logging,
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .target(
            name: "BulwarkServer",
            dependencies: [
                "BulwarkCore", "Pipeline", "Store", "MatchIndex", "PDQ", "MediaDecoding", "TextSafety", "Provenance", "ModelScan", "VideoHashing",
                "Cases", "Audit", "Evidence", "Reporting", crypto,
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),

        .executableTarget(
            name: "bulwark",
            dependencies: [
                "BulwarkCore", "MediaDecoding", "PDQ", "MatchIndex", "Store", "TextSafety", "ContentCredentials",
                "Provenance", "ModelScan", "VideoHashing", "Pipeline", "DatasetScan", "BulwarkServer", "CAllocator", "Cases", "Audit",
                "Evidence", "Reporting", argumentParser, .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),

        .testTarget(name: "PDQTests", dependencies: ["PDQ", "MediaDecoding"], exclude: ["Oracles"]),
        .testTarget(name: "MediaDecodingTests", dependencies: ["MediaDecoding"], exclude: ["Oracles"]),
        .testTarget(name: "MatchIndexTests", dependencies: ["MatchIndex"], exclude: ["Oracles"]),
        .testTarget(name: "StoreTests", dependencies: ["BulwarkTestSupport", "Store", "BulwarkCore", "bulwark"]),
        .testTarget(name: "TextSafetyTests", dependencies: ["TextSafety"], exclude: ["Oracles"]),
        .testTarget(name: "ContentCredentialsTests", dependencies: [
            "ContentCredentials", "BulwarkCore", crypto,
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
        ], exclude: ["Oracles"]),
        .testTarget(name: "ProvenanceTests", dependencies: ["Provenance", "CZlib", "BulwarkCore"], exclude: ["Oracles"]),
        .testTarget(name: "ModelScanTests", dependencies: ["ModelScan", "CZlib", crypto], exclude: ["Oracles"]),
        .testTarget(name: "VideoHashingTests", dependencies: ["VideoHashing", "PDQ", "BulwarkCore"], exclude: ["Oracles"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Store", "VideoHashing", "BulwarkCore", crypto]),
        .testTarget(name: "CasesTests", dependencies: ["BulwarkTestSupport", "Cases", "Store", "BulwarkCore"]),
        .testTarget(name: "AuditTests", dependencies: ["BulwarkTestSupport", "Audit", "Store", "BulwarkCore", grdb, postgres, logging], exclude: ["Oracles"]),
        .testTarget(name: "EvidenceTests", dependencies: ["BulwarkTestSupport", "Evidence", "Store", "BulwarkCore", crypto, grdb, postgres, logging]),
        // Shared by test targets: stand-ins for outside services.
        .target(name: "BulwarkTestSupport", dependencies: [
            "Reporting", crypto, .product(name: "Hummingbird", package: "hummingbird"),
        ], path: "Tests/TestSupport"),
        .testTarget(name: "ReportingTests", dependencies: [
            "Reporting", "Cases", "Evidence", "Audit", "BulwarkCore", "Store", "BulwarkTestSupport", crypto,
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .testTarget(name: "BulwarkServerTests", dependencies: [
            "BulwarkServer", "Pipeline", "Store", "PDQ", "MediaDecoding", "BulwarkCore", "Cases", "Reporting", "BulwarkTestSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .testTarget(name: "DatasetScanTests", dependencies: ["DatasetScan", "Pipeline", "Store", "BulwarkCore", "MediaDecoding", crypto], exclude: ["Oracles"]),
        .testTarget(name: "CLITests", dependencies: ["bulwark", "Cases", "Audit", "BulwarkCore"]),
    ],
    swiftLanguageModes: [.v6]
)
