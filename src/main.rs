// mimalloc: much of lint's time on a docs tree is tree-sitter building and freeing small trees
// and the rules' small strings; glibc's malloc was an eighth of `perf record`'s samples on the
// benchmark corpus (README, Performance).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    open1_snip::run(std::env::args_os())
}
