use std::process::ExitCode;

fn main() -> ExitCode {
    caseconsult::tls::install_crypto_provider();
    caseconsult::cli::main()
}
