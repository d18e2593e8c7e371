import XCTest
@testable import DigestLint
