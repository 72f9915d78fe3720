// The end-to-end tests share one sstpc guest and one network namespace: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
