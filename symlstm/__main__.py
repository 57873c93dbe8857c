from symlstm.cli import main

raise SystemExit(main())
