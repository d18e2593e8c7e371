// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "digestlint",
    products: [
        .executable(name: "digestlint", targets: ["digestlint"]),
        .library(name: "DigestLint", targets: ["DigestLint"]),
    ],
    targets: [
        // Thin C shims: nothing outside these three targets touches C types of PCRE2, ICU or libyaml.
        .target(name: "CPCRE2", linkerSettings: [.linkedLibrary("pcre2-8")]),
        .target(name: "CICU", linkerSettings: [
            .linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata"),
        ]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .target(name: "DigestLint", dependencies: ["CPCRE2", "CICU", "CYAML"]),
        // The command line: argument parsing and commands over the library; main.swift only calls it.
        .target(name: "DigestLintCLI", dependencies: ["DigestLint"]),
        .executableTarget(name: "digestlint", dependencies: ["DigestLintCLI"]),
        .testTarget(name: "DigestLintTests", dependencies: ["DigestLint", "DigestLintCLI"]),
    ],
    swiftLanguageModes: [.v5]
)
