package dev.metalora.kernel.channels;

import com.google.gson.annotations.SerializedName;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.messages.reply.KernelInfoReply;

import java.util.List;

/** basekernel's kernel_info reply plus the {@code "status": "ok"} that the Jupyter protocol requires. */
public final class KernelInfoOk extends KernelInfoReply {
    @SerializedName("status")
    private final String status = "ok";

    public KernelInfoOk(String protocolVersion, String implementation, String implementationVersion,
                        LanguageInfo languageInfo, String banner, List<LanguageInfo.Help> helpLinks) {
        super(protocolVersion, implementation, implementationVersion, languageInfo, banner, helpLinks);
    }
}
