//! Units of work: one write transaction around a read-modify-write, nested as savepoints.

use sotay_store::Store;
use tempfile::TempDir;

#[test]
fn a_unit_commits_or_undoes_everything_and_nests() {
    let dir = TempDir::new().unwrap();
    let mut s = Store::open(&dir.path().join("w.db")).unwrap();
    s.begin_unit().unwrap();
    s.set_setting("a", "1").unwrap();
    s.end_unit(false).unwrap();
    assert_eq!(s.setting("a").unwrap(), None);

    s.begin_unit().unwrap();
    s.set_setting("a", "1").unwrap();
    s.begin_unit().unwrap();
    s.set_setting("b", "2").unwrap();
    s.end_unit(false).unwrap();
    s.set_setting("c", "3").unwrap();
    s.end_unit(true).unwrap();
    assert_eq!(s.setting("a").unwrap().as_deref(), Some("1"));
    assert_eq!(s.setting("b").unwrap(), None);
    assert_eq!(s.setting("c").unwrap().as_deref(), Some("3"));
    assert!(s.end_unit(true).is_err(), "no unit is open");
}

#[test]
fn read_modify_writes_in_units_lose_no_update_between_connections() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("w.db");
    Store::open(&path).unwrap().set_setting("n", "0").unwrap();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut s = Store::open(&path).unwrap();
                for _ in 0..10 {
                    s.begin_unit().unwrap();
                    let n: u32 = s.setting("n").unwrap().unwrap().parse().unwrap();
                    std::thread::yield_now();
                    s.set_setting("n", &(n + 1).to_string()).unwrap();
                    s.end_unit(true).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.setting("n").unwrap().as_deref(), Some("80"));
}
