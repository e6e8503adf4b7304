// Generated from errno.def: removes libc's errno macros so that Errno::ENOENT parses
// in hosted builds (unit tests) where <errno.h> was included first.
#ifdef EPERM
#undef EPERM
#endif
#ifdef ENOENT
#undef ENOENT
#endif
#ifdef ESRCH
#undef ESRCH
#endif
#ifdef EINTR
#undef EINTR
#endif
#ifdef EIO
#undef EIO
#endif
#ifdef ENXIO
#undef ENXIO
#endif
#ifdef E2BIG
#undef E2BIG
#endif
#ifdef ENOEXEC
#undef ENOEXEC
#endif
#ifdef EBADF
#undef EBADF
#endif
#ifdef ECHILD
#undef ECHILD
#endif
#ifdef EAGAIN
#undef EAGAIN
#endif
#ifdef ENOMEM
#undef ENOMEM
#endif
#ifdef EACCES
#undef EACCES
#endif
#ifdef EFAULT
#undef EFAULT
#endif
#ifdef ENOTBLK
#undef ENOTBLK
#endif
#ifdef EBUSY
#undef EBUSY
#endif
#ifdef EEXIST
#undef EEXIST
#endif
#ifdef EXDEV
#undef EXDEV
#endif
#ifdef ENODEV
#undef ENODEV
#endif
#ifdef ENOTDIR
#undef ENOTDIR
#endif
#ifdef EISDIR
#undef EISDIR
#endif
#ifdef EINVAL
#undef EINVAL
#endif
#ifdef ENFILE
#undef ENFILE
#endif
#ifdef EMFILE
#undef EMFILE
#endif
#ifdef ENOTTY
#undef ENOTTY
#endif
#ifdef ETXTBSY
#undef ETXTBSY
#endif
#ifdef EFBIG
#undef EFBIG
#endif
#ifdef ENOSPC
#undef ENOSPC
#endif
#ifdef ESPIPE
#undef ESPIPE
#endif
#ifdef EROFS
#undef EROFS
#endif
#ifdef EMLINK
#undef EMLINK
#endif
#ifdef EPIPE
#undef EPIPE
#endif
#ifdef EDOM
#undef EDOM
#endif
#ifdef ERANGE
#undef ERANGE
#endif
#ifdef EDEADLK
#undef EDEADLK
#endif
#ifdef ENAMETOOLONG
#undef ENAMETOOLONG
#endif
#ifdef ENOLCK
#undef ENOLCK
#endif
#ifdef ENOSYS
#undef ENOSYS
#endif
#ifdef ENOTEMPTY
#undef ENOTEMPTY
#endif
#ifdef ELOOP
#undef ELOOP
#endif
#ifdef ENOMSG
#undef ENOMSG
#endif
#ifdef EIDRM
#undef EIDRM
#endif
#ifdef ECHRNG
#undef ECHRNG
#endif
#ifdef EL2NSYNC
#undef EL2NSYNC
#endif
#ifdef EL3HLT
#undef EL3HLT
#endif
#ifdef EL3RST
#undef EL3RST
#endif
#ifdef ELNRNG
#undef ELNRNG
#endif
#ifdef EUNATCH
#undef EUNATCH
#endif
#ifdef ENOCSI
#undef ENOCSI
#endif
#ifdef EL2HLT
#undef EL2HLT
#endif
#ifdef EBADE
#undef EBADE
#endif
#ifdef EBADR
#undef EBADR
#endif
#ifdef EXFULL
#undef EXFULL
#endif
#ifdef ENOANO
#undef ENOANO
#endif
#ifdef EBADRQC
#undef EBADRQC
#endif
#ifdef EBADSLT
#undef EBADSLT
#endif
#ifdef EBFONT
#undef EBFONT
#endif
#ifdef ENOSTR
#undef ENOSTR
#endif
#ifdef ENODATA
#undef ENODATA
#endif
#ifdef ETIME
#undef ETIME
#endif
#ifdef ENOSR
#undef ENOSR
#endif
#ifdef ENONET
#undef ENONET
#endif
#ifdef ENOPKG
#undef ENOPKG
#endif
#ifdef EREMOTE
#undef EREMOTE
#endif
#ifdef ENOLINK
#undef ENOLINK
#endif
#ifdef EADV
#undef EADV
#endif
#ifdef ESRMNT
#undef ESRMNT
#endif
#ifdef ECOMM
#undef ECOMM
#endif
#ifdef EPROTO
#undef EPROTO
#endif
#ifdef EMULTIHOP
#undef EMULTIHOP
#endif
#ifdef EDOTDOT
#undef EDOTDOT
#endif
#ifdef EBADMSG
#undef EBADMSG
#endif
#ifdef EOVERFLOW
#undef EOVERFLOW
#endif
#ifdef ENOTUNIQ
#undef ENOTUNIQ
#endif
#ifdef EBADFD
#undef EBADFD
#endif
#ifdef EREMCHG
#undef EREMCHG
#endif
#ifdef ELIBACC
#undef ELIBACC
#endif
#ifdef ELIBBAD
#undef ELIBBAD
#endif
#ifdef ELIBSCN
#undef ELIBSCN
#endif
#ifdef ELIBMAX
#undef ELIBMAX
#endif
#ifdef ELIBEXEC
#undef ELIBEXEC
#endif
#ifdef EILSEQ
#undef EILSEQ
#endif
#ifdef ERESTART
#undef ERESTART
#endif
#ifdef ESTRPIPE
#undef ESTRPIPE
#endif
#ifdef EUSERS
#undef EUSERS
#endif
#ifdef ENOTSOCK
#undef ENOTSOCK
#endif
#ifdef EDESTADDRREQ
#undef EDESTADDRREQ
#endif
#ifdef EMSGSIZE
#undef EMSGSIZE
#endif
#ifdef EPROTOTYPE
#undef EPROTOTYPE
#endif
#ifdef ENOPROTOOPT
#undef ENOPROTOOPT
#endif
#ifdef EPROTONOSUPPORT
#undef EPROTONOSUPPORT
#endif
#ifdef ESOCKTNOSUPPORT
#undef ESOCKTNOSUPPORT
#endif
#ifdef EOPNOTSUPP
#undef EOPNOTSUPP
#endif
#ifdef EPFNOSUPPORT
#undef EPFNOSUPPORT
#endif
#ifdef EAFNOSUPPORT
#undef EAFNOSUPPORT
#endif
#ifdef EADDRINUSE
#undef EADDRINUSE
#endif
#ifdef EADDRNOTAVAIL
#undef EADDRNOTAVAIL
#endif
#ifdef ENETDOWN
#undef ENETDOWN
#endif
#ifdef ENETUNREACH
#undef ENETUNREACH
#endif
#ifdef ENETRESET
#undef ENETRESET
#endif
#ifdef ECONNABORTED
#undef ECONNABORTED
#endif
#ifdef ECONNRESET
#undef ECONNRESET
#endif
#ifdef ENOBUFS
#undef ENOBUFS
#endif
#ifdef EISCONN
#undef EISCONN
#endif
#ifdef ENOTCONN
#undef ENOTCONN
#endif
#ifdef ESHUTDOWN
#undef ESHUTDOWN
#endif
#ifdef ETOOMANYREFS
#undef ETOOMANYREFS
#endif
#ifdef ETIMEDOUT
#undef ETIMEDOUT
#endif
#ifdef ECONNREFUSED
#undef ECONNREFUSED
#endif
#ifdef EHOSTDOWN
#undef EHOSTDOWN
#endif
#ifdef EHOSTUNREACH
#undef EHOSTUNREACH
#endif
#ifdef EALREADY
#undef EALREADY
#endif
#ifdef EINPROGRESS
#undef EINPROGRESS
#endif
#ifdef ESTALE
#undef ESTALE
#endif
#ifdef EUCLEAN
#undef EUCLEAN
#endif
#ifdef ENOTNAM
#undef ENOTNAM
#endif
#ifdef ENAVAIL
#undef ENAVAIL
#endif
#ifdef EISNAM
#undef EISNAM
#endif
#ifdef EREMOTEIO
#undef EREMOTEIO
#endif
#ifdef EDQUOT
#undef EDQUOT
#endif
#ifdef ENOMEDIUM
#undef ENOMEDIUM
#endif
#ifdef EMEDIUMTYPE
#undef EMEDIUMTYPE
#endif
#ifdef ECANCELED
#undef ECANCELED
#endif
#ifdef ENOKEY
#undef ENOKEY
#endif
#ifdef EKEYEXPIRED
#undef EKEYEXPIRED
#endif
#ifdef EKEYREVOKED
#undef EKEYREVOKED
#endif
#ifdef EKEYREJECTED
#undef EKEYREJECTED
#endif
#ifdef EOWNERDEAD
#undef EOWNERDEAD
#endif
#ifdef ENOTRECOVERABLE
#undef ENOTRECOVERABLE
#endif
#ifdef ERFKILL
#undef ERFKILL
#endif
#ifdef EHWPOISON
#undef EHWPOISON
#endif
#ifdef EWOULDBLOCK
#undef EWOULDBLOCK
#endif
#ifdef EDEADLOCK
#undef EDEADLOCK
#endif
#ifdef ENOTSUP
#undef ENOTSUP
#endif
