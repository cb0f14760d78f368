fn main() -> std::process::ExitCode {
    m1tom2::cli::main()
}
