fn main() -> std::process::ExitCode {
    open1_snip::run(std::env::args_os())
}
