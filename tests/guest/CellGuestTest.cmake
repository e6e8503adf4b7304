# cell_add_guest_test(SOURCE <file.c> NAME <test name stem> LABELS <labels...> [ARGS <args...>]
#                     [SCRATCH <filesystems...>])
#
# Builds SOURCE twice, static against musl (musl-gcc) and dynamic against glibc (the host
# compiler), and registers <stem>.musl and <stem>.glibc: each runs its binary natively and
# under `cell run` through compare.py, which requires the same stdout, stderr and status.
# With SCRATCH (memfs, bind, overlay), it registers <stem>.<libc>.<filesystem> instead: the
# same comparison with the guest's scratch directories (fs/fsguest.h) on that filesystem
# under Cell (compare.py --scratch).
find_program(MUSL_GCC musl-gcc REQUIRED)
set(CELL_GUEST_CFLAGS -O2 -g -Wall -Wextra -Wno-unused-parameter)
set(CELL_GUEST_COMPARE ${CMAKE_CURRENT_LIST_DIR}/compare.py)
set(CELL_GUEST_HEADER ${CMAKE_CURRENT_LIST_DIR}/guest.h)
set(CELL_GUEST_FS_HEADER ${CMAKE_CURRENT_LIST_DIR}/fs/fsguest.h)

function(cell_add_guest_test)
    cmake_parse_arguments(PARSE_ARGV 0 GT "" "SOURCE;NAME" "LABELS;ARGS;SCRATCH")
    get_filename_component(name ${GT_SOURCE} NAME_WE)
    string(REPLACE "." "-" target_stem ${GT_NAME})
    set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/${target_stem})

    set(glibc_target ${target_stem}-glibc)
    add_executable(${glibc_target} ${GT_SOURCE})
    target_compile_options(${glibc_target} PRIVATE ${CELL_GUEST_CFLAGS})
    set_target_properties(${glibc_target} PROPERTIES OUTPUT_NAME ${name}-glibc RUNTIME_OUTPUT_DIRECTORY ${out_dir})

    set(musl_binary ${out_dir}/${name}-musl)
    add_custom_command(OUTPUT ${musl_binary}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${out_dir}
        COMMAND ${MUSL_GCC} -static ${CELL_GUEST_CFLAGS} -o ${musl_binary} ${GT_SOURCE}
        DEPENDS ${GT_SOURCE} ${CELL_GUEST_HEADER} ${CELL_GUEST_FS_HEADER}
        COMMENT "Building static musl guest ${GT_NAME}")
    add_custom_target(${target_stem}-musl ALL DEPENDS ${musl_binary})

    foreach(libc musl glibc)
        if(libc STREQUAL "musl")
            set(binary ${musl_binary})
        else()
            set(binary $<TARGET_FILE:${glibc_target}>)
        endif()
        if(NOT GT_SCRATCH)
            add_test(NAME ${GT_NAME}.${libc}
                COMMAND ${Python3_EXECUTABLE} ${CELL_GUEST_COMPARE} --cell ${CELL_LAUNCHER} --timeout 20
                    -- ${binary} ${GT_ARGS})
            set_tests_properties(${GT_NAME}.${libc} PROPERTIES LABELS "cell;${GT_LABELS};${libc}" TIMEOUT 90)
        endif()
        foreach(fs ${GT_SCRATCH})
            add_test(NAME ${GT_NAME}.${libc}.${fs}
                COMMAND ${Python3_EXECUTABLE} ${CELL_GUEST_COMPARE} --cell ${CELL_LAUNCHER} --timeout 20
                    --scratch ${fs} -- ${binary} ${GT_ARGS})
            set_tests_properties(${GT_NAME}.${libc}.${fs} PROPERTIES LABELS "cell;${GT_LABELS};${libc};${fs}" TIMEOUT 90)
        endforeach()
    endforeach()
endfunction()
