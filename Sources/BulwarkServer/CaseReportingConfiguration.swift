import BulwarkCore
import Foundation
import Reporting

/// How `bulwark serve` files reports of assessed cases with the NCMEC CyberTipline: the
/// Reporting API endpoint and account, who reports, the default hosting country and the
/// routing rules. Read from the JSON file given to `serve --reporting`:
///
/// ```json
/// {
///   "endpoint": "https://exttest.cybertip.org/ispws",
///   "username": "example-esp",
///   "password_env": "BULWARK_CYBERTIPLINE_PASSWORD",
///   "reporter": {"company_name": "Example", "contact_first_name": "Sam",
///                "contact_last_name": "Lee", "contact_email": "safety@example.org"},
///   "default_hosting_country": "US",
///   "routing": {"default": {...}, "countries": {...}}
/// }
/// ```
/// The password is read from the named environment variable, never from the file; `routing`
/// is optional (Bulwark's standard rules: US to NCMEC, GB to the IWF, others to INHOPE).
public struct CaseReportingConfiguration: Sendable {
    public var endpoint: CyberTiplineEndpoint
    public var reporter: ReportingCompany
    public var defaultHostingCountry: String
    public var routing: ReportRouting

    public init(endpoint: CyberTiplineEndpoint, reporter: ReportingCompany, defaultHostingCountry: String,
                routing: ReportRouting = .standard) {
        self.endpoint = endpoint
        self.reporter = reporter
        self.defaultHostingCountry = defaultHostingCountry
        self.routing = routing
    }

    /// The largest configuration file read (it holds a few settings and routing rules).
    public static let maximumFileBytes = 1 << 20

    private struct File: Decodable {
        var endpoint: String
        var username: String
        var passwordEnv: String?
        var reporter: Reporter
        var defaultHostingCountry: String

        struct Reporter: Decodable {
            var companyName: String
            var contactFirstName: String
            var contactLastName: String
            var contactEmail: String
        }
    }

    /// Reads the configuration file at `path`; `environment` supplies the password. Every
    /// problem names the file and the field.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(BulwarkError) -> CaseReportingConfiguration {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maximumFileBytes else {
            throw .limitExceeded(what: "reporting configuration \(path)", limit: "\(maximumFileBytes) bytes", actual: "\(size) bytes")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: path, reason: "cannot read the reporting configuration")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let file: File
        do {
            file = try decoder.decode(File.self, from: data)
        } catch {
            throw .invalidInput(what: "reporting configuration", where: path, reason: "not the expected JSON: \(error)")
        }
        let variable = file.passwordEnv ?? "BULWARK_CYBERTIPLINE_PASSWORD"
        guard let password = environment[variable], !password.isEmpty else {
            throw .invalidInput(what: "reporting configuration", where: path, reason: "the API password must be in $\(variable)")
        }
        guard file.endpoint.hasPrefix("https://") || file.endpoint.hasPrefix("http://") else {
            throw .invalidInput(what: "reporting configuration", where: path, reason: "endpoint: not an http(s) URL")
        }
        let country = file.defaultHostingCountry.trimmingWhitespace().uppercased()
        guard CountryCode.assigned.contains(country) else {
            throw .invalidInput(what: "reporting configuration", where: path,
                                reason: "default_hosting_country: \"\(country.prefix(8))\" is not an ISO 3166-1 alpha-2 code")
        }
        var routing = ReportRouting.standard
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let rules = object["routing"] {
            do {
                routing = try ReportRouting.decode(json: Array(try JSONSerialization.data(withJSONObject: rules)))
            } catch {
                throw .invalidInput(what: "reporting configuration", where: path, reason: "routing: \(error)")
            }
        }
        let reporter = ReportingCompany(
            companyName: file.reporter.companyName, contactFirstName: file.reporter.contactFirstName,
            contactLastName: file.reporter.contactLastName, contactEmail: file.reporter.contactEmail)
        return CaseReportingConfiguration(
            endpoint: CyberTiplineEndpoint(baseURL: file.endpoint, username: file.username, password: password),
            reporter: reporter, defaultHostingCountry: country, routing: routing)
    }
}
